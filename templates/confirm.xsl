<?xml version="1.0" encoding="UTF-8"?>
<!--
  confirm.xsl: Konfirmasi, the confirmation step of a decision on a ticket
  when the browser runs no JavaScript (manual Gambar 4.10, 4.12, 7.12).
  /page/content:
    @id @nomor @decision="approve|reject|return" @question
    hidden[@name @value]   the fields posted the first time (status,
                           decision, reason, user_id, ...), posted again
  The form re-posts them to /requests/{id}/decide with csrf and confirm=1.
  A hidden named "csrf" or "confirm" is ignored (both are added here).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:variable name="c" select="/page/content"/>
  <xsl:variable name="executor" select="$c/hidden[@name = 'status']/@value = 'executor'"/>
  <xsl:variable name="reject" select="$c/@decision = 'reject'"/>
  <xsl:variable name="revise" select="$c/@decision = 'return'"/>
  <xsl:variable name="reason" select="string($c/hidden[@name = 'reason'][1]/@value)"/>
  <xsl:variable name="user_id" select="string($c/hidden[@name = 'user_id'][1]/@value)"/>

  <xsl:template name="default-crumbs">
    <nav class="crumbs" aria-label="Breadcrumb">
      <ol>
        <li><a href="{$base}home"><t:k name="confirm.crumb.home"/></a></li>
        <li><a href="{$base}helpdesk">ICT Helpdesk</a></li>
        <li><a href="{$base}requests">Request UID Management System</a></li>
        <li><a href="{$base}requests/{$c/@id}"><xsl:value-of select="$c/@nomor"/></a></li>
        <li aria-current="page"><xsl:value-of select="/page/@title"/></li>
      </ol>
    </nav>
  </xsl:template>

  <xsl:template name="body">
    <section aria-labelledby="confirm-question">
      <xsl:attribute name="class">
        <xsl:text>card confirm-card</xsl:text>
        <xsl:if test="$reject"> confirm-reject</xsl:if>
      </xsl:attribute>
      <h2 class="confirm-question" id="confirm-question">
        <xsl:choose>
          <xsl:when test="normalize-space($c/@question) != ''"><xsl:value-of select="$c/@question"/></xsl:when>
          <xsl:when test="$reject"><t:k name="confirm.q.reject"/></xsl:when>
          <xsl:otherwise><t:k name="confirm.q.approve"/></xsl:otherwise>
        </xsl:choose>
      </h2>

      <dl class="detail-list confirm-summary">
        <dt><t:k name="confirm.nomor"/></dt>
        <dd><xsl:value-of select="$c/@nomor"/></dd>
        <dt><t:k name="confirm.decision"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$reject"><span class="badge badge-rejected">Reject</span></xsl:when>
            <xsl:when test="$revise"><span class="badge badge-returned"><t:k name="confirm.return"/></span></xsl:when>
            <xsl:when test="$executor"><span class="badge badge-completed">Confirm</span></xsl:when>
            <xsl:otherwise><span class="badge badge-completed">Approve</span></xsl:otherwise>
          </xsl:choose>
        </dd>
        <xsl:if test="$executor and not($reject) and not($revise) and $user_id != ''">
          <dt><t:k name="confirm.user_id"/></dt>
          <dd class="mono"><xsl:value-of select="$user_id"/></dd>
        </xsl:if>
        <dt>
          <xsl:choose>
            <xsl:when test="$executor"><t:k name="confirm.note"/></xsl:when>
            <xsl:otherwise><t:k name="confirm.reason"/></xsl:otherwise>
          </xsl:choose>
        </dt>
        <dd>
          <xsl:choose>
            <xsl:when test="normalize-space($reason) != ''"><span class="pre-text"><xsl:value-of select="$reason"/></span></xsl:when>
            <xsl:otherwise><span class="muted-text"><t:k name="confirm.empty"/></span></xsl:otherwise>
          </xsl:choose>
        </dd>
      </dl>

      <form class="confirm-form" method="post" action="{$base}requests/{$c/@id}/decide">
        <xsl:call-template name="csrf-field"/>
        <xsl:for-each select="$c/hidden[@name != 'csrf' and @name != 'confirm']">
          <input type="hidden" name="{@name}" value="{@value}"/>
        </xsl:for-each>
        <input type="hidden" name="confirm" value="1"/>
        <div class="form-actions">
          <button type="submit">
            <xsl:attribute name="class">
              <xsl:choose>
                <xsl:when test="$reject">btn btn-danger</xsl:when>
                <xsl:otherwise>btn btn-primary</xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
            <xsl:choose>
              <xsl:when test="$revise"><t:k name="confirm.yes.return"/></xsl:when>
              <xsl:otherwise><t:k name="confirm.yes"/></xsl:otherwise>
            </xsl:choose>
          </button>
          <a class="btn btn-outline" href="{$base}requests/{$c/@id}"><t:k name="confirm.cancel"/></a>
        </div>
      </form>
    </section>
  </xsl:template>

</xsl:stylesheet>
