<?xml version="1.0" encoding="UTF-8"?>
<!--
  bulk.xsl: Approve Terpilih / Reject Terpilih from the list (issue 18
  section 4): the confirmation listing the Nomors, the result per ticket,
  or a refusal that decided nothing. /page/content:
    @mode="confirm|result|refused"
    @stage @stage_label   the list's stage (verificator, manager)
    @back_href            the list of that stage ("/requests?status=...")
    @decision="approve|reject" @reason @reason_error @max
    @error                the refusal (mode refused)
    @decided @skipped     counts (mode result)
    tickets/ticket[@id @nomor @full_name @kind_label @status_label
                   @result="decided|skipped|failed" @outcome]
  The confirmation re-posts status, decision, reason (editable) and the
  ids to /requests/bulk with csrf and confirm=1.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:variable name="c" select="/page/content"/>
  <xsl:variable name="reject" select="$c/@decision = 'reject'"/>
  <xsl:variable name="back">
    <xsl:choose>
      <xsl:when test="starts-with($c/@back_href, '/')"><xsl:value-of select="concat($base, substring($c/@back_href, 2))"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($base, 'requests')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template name="body">
    <xsl:choose>
      <xsl:when test="$c/@mode = 'refused'">
        <div class="notice notice-error" role="alert"><xsl:value-of select="$c/@error"/></div>
        <p><a class="btn btn-outline" href="{$back}"><t:k name="bulk.back"/></a></p>
      </xsl:when>
      <xsl:when test="$c/@mode = 'result'">
        <xsl:call-template name="result"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="confirm"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ========================================================== confirm -->
  <xsl:template name="confirm">
    <xsl:variable name="n" select="count($c/tickets/ticket)"/>
    <section aria-labelledby="bulk-question">
      <xsl:attribute name="class">
        <xsl:text>card confirm-card bulk-confirm</xsl:text>
        <xsl:if test="$reject"> confirm-reject</xsl:if>
      </xsl:attribute>
      <h2 class="confirm-question" id="bulk-question">
        <xsl:text><t:k name="bulk.q"/></xsl:text>
        <xsl:choose>
          <xsl:when test="$reject"><t:k name="bulk.q.reject"/></xsl:when>
          <xsl:otherwise><t:k name="bulk.q.approve"/></xsl:otherwise>
        </xsl:choose>
        <xsl:text> </xsl:text>
        <xsl:value-of select="$n"/>
        <xsl:text><t:k name="bulk.q.stage"/></xsl:text>
        <xsl:value-of select="$c/@stage_label"/>
        <xsl:text><t:k name="bulk.q.end"/></xsl:text>
      </h2>
      <p><t:k name="bulk.lead"/></p>
      <ul class="bulk-nomors">
        <xsl:for-each select="$c/tickets/ticket">
          <li>
            <strong class="mono"><xsl:value-of select="@nomor"/></strong>
            <xsl:if test="string(@full_name) != ''">
              <xsl:text> · </xsl:text><xsl:value-of select="@full_name"/>
            </xsl:if>
            <xsl:if test="string(@kind_label) != ''">
              <xsl:text> · </xsl:text><xsl:value-of select="@kind_label"/>
            </xsl:if>
            <xsl:if test="string(@status_label) != ''">
              <span class="bulk-status"><xsl:text> · </xsl:text><xsl:value-of select="@status_label"/></span>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
      <form class="confirm-form" method="post" action="{$base}requests/bulk">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="status" value="{$c/@stage}"/>
        <input type="hidden" name="decision" value="{$c/@decision}"/>
        <input type="hidden" name="confirm" value="1"/>
        <xsl:for-each select="$c/tickets/ticket">
          <input type="hidden" name="id" value="{@id}"/>
        </xsl:for-each>
        <div class="field">
          <label for="bulk-reason"><t:k name="bulk.reason"/></label>
          <textarea id="bulk-reason" name="reason" rows="3" required="required">
            <xsl:attribute name="aria-describedby">
              <xsl:if test="string($c/@reason_error) != ''">bulk-reason-error </xsl:if>
              <xsl:text>bulk-reason-hint</xsl:text>
            </xsl:attribute>
            <xsl:if test="string($c/@reason_error) != ''"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
            <xsl:value-of select="$c/@reason"/>
          </textarea>
          <span class="hint" id="bulk-reason-hint"><t:k name="bulk.reason.hint"/></span>
          <xsl:if test="string($c/@reason_error) != ''">
            <span class="field-error" id="bulk-reason-error"><xsl:value-of select="$c/@reason_error"/></span>
          </xsl:if>
        </div>
        <div class="form-actions">
          <button type="submit">
            <xsl:attribute name="class">
              <xsl:choose>
                <xsl:when test="$reject">btn btn-danger</xsl:when>
                <xsl:otherwise>btn btn-primary</xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
            <xsl:choose>
              <xsl:when test="$reject"><t:k name="list.dialog.yes.reject"/></xsl:when>
              <xsl:otherwise><t:k name="list.dialog.yes.approve"/></xsl:otherwise>
            </xsl:choose>
          </button>
          <a class="btn btn-outline" href="{$back}"><t:k name="bulk.cancel"/></a>
        </div>
      </form>
    </section>
  </xsl:template>

  <!-- =========================================================== result -->
  <xsl:template name="result">
    <div role="status">
      <xsl:attribute name="class">
        <xsl:text>notice </xsl:text>
        <xsl:choose>
          <xsl:when test="$c/@skipped = '0'">notice-success</xsl:when>
          <xsl:otherwise>notice-warning</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:value-of select="$c/@decided"/>
      <xsl:text><t:k name="bulk.result"/></xsl:text>
      <xsl:choose>
        <xsl:when test="$reject"><t:k name="bulk.result.rejected"/></xsl:when>
        <xsl:otherwise><t:k name="bulk.result.approved"/></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$c/@skipped != '0'">
        <xsl:text>, </xsl:text>
        <xsl:value-of select="$c/@skipped"/>
        <xsl:text><t:k name="bulk.result.skipped"/></xsl:text>
      </xsl:if>
      <xsl:text>.</xsl:text>
    </div>
    <ul class="bulk-results">
      <xsl:for-each select="$c/tickets/ticket">
        <li class="bulk-result bulk-{@result}">
          <strong class="mono"><xsl:value-of select="@nomor"/></strong>
          <xsl:if test="string(@full_name) != ''">
            <xsl:text> · </xsl:text><xsl:value-of select="@full_name"/>
          </xsl:if>
          <xsl:text>: </xsl:text>
          <span class="bulk-outcome"><xsl:value-of select="@outcome"/></span>
          <xsl:text> </xsl:text>
          <a href="{$base}requests/{@id}">Open<span class="visually-hidden"><xsl:text> </xsl:text><xsl:value-of select="@nomor"/></span></a>
        </li>
      </xsl:for-each>
    </ul>
    <p><a class="btn btn-outline" href="{$back}"><t:k name="bulk.back"/></a></p>
  </xsl:template>

</xsl:stylesheet>
