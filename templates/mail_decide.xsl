<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail_decide.xsl: a decision from the e-mail's link (Setujui, Tolak,
  Kembalikan untuk Revisi), without logging in (handle_maildecide.c).
  /page/content:
    @state      form | success | stale | refused | error
    @message    what happened (every state but form)
    @login      /login?next=/requests/N (the way to the ticket after login)
    @nomor
  form only:
    @token @action="approve|reject|return" @status (the stage shown)
    @question @actor @acting_as (the stage, "... atas nama X" for a
    delegate) @reason @reason_error @notice
    detail[@full_name @kind_label @unit_name @stage_label @status_label
           @created]
    platforms/platform[@name @note]
  The form posts t, a, status, reason and csrf to /mail/decide; the page
  itself never decides (a GET changes nothing).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:variable name="c" select="/page/content"/>

  <xsl:template name="default-crumbs">
    <nav class="crumbs" aria-label="Breadcrumb">
      <ol>
        <li><a href="{$base}login"><t:k name="maildecide.crumb.login"/></a></li>
        <li aria-current="page"><xsl:value-of select="/page/@title"/></li>
      </ol>
    </nav>
  </xsl:template>

  <xsl:template name="login-link">
    <p class="card-actions">
      <a class="btn btn-outline" href="{$c/@login}"><t:k name="maildecide.login"/></a>
    </p>
  </xsl:template>

  <xsl:template name="body">
    <xsl:choose>
      <xsl:when test="$c/@state = 'form'"><xsl:call-template name="form"/></xsl:when>
      <xsl:otherwise>
        <div class="card message-card mail-decide-{$c/@state}">
          <xsl:choose>
            <xsl:when test="$c/@state = 'success'">
              <p class="notice notice-success" role="status"><xsl:value-of select="$c/@message"/></p>
            </xsl:when>
            <xsl:otherwise>
              <p class="notice notice-error" role="alert"><xsl:value-of select="$c/@message"/></p>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:call-template name="login-link"/>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="form">
    <xsl:variable name="reject" select="$c/@action = 'reject'"/>
    <xsl:variable name="return" select="$c/@action = 'return'"/>
    <xsl:variable name="d" select="$c/detail"/>
    <xsl:if test="$c/@notice">
      <p class="notice notice-error" role="alert"><xsl:value-of select="$c/@notice"/></p>
    </xsl:if>
    <section class="card confirm-card mail-decide-card" aria-labelledby="confirm-question">
      <h2 class="confirm-question" id="confirm-question"><xsl:value-of select="$c/@question"/></h2>
      <p class="panel-intro">
        <xsl:text><t:k name="maildecide.as"/></xsl:text>
        <strong><xsl:value-of select="$c/@actor"/></strong>
        <xsl:text>, </xsl:text>
        <xsl:value-of select="$c/@acting_as"/>
        <xsl:text>.</xsl:text>
      </p>
      <dl class="detail-list confirm-summary">
        <dt><t:k name="maildecide.nomor"/></dt>
        <dd><xsl:value-of select="$c/@nomor"/></dd>
        <dt><t:k name="maildecide.requester"/></dt>
        <dd><xsl:value-of select="$d/@full_name"/></dd>
        <dt><t:k name="maildecide.kind"/></dt>
        <dd><xsl:value-of select="$d/@kind_label"/></dd>
        <dt><t:k name="maildecide.unit"/></dt>
        <dd><xsl:value-of select="$d/@unit_name"/></dd>
        <dt>Platform System</dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$c/platforms/platform">
              <ul class="ticket-platforms">
                <xsl:for-each select="$c/platforms/platform">
                  <li>
                    <span class="ticket-platform-name"><xsl:value-of select="@name"/></span>
                    <xsl:if test="normalize-space(@note) != ''">
                      <span class="ticket-platform-note"><xsl:value-of select="@note"/></span>
                    </xsl:if>
                  </li>
                </xsl:for-each>
              </ul>
            </xsl:when>
            <xsl:otherwise>-</xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt><t:k name="maildecide.stage"/></dt>
        <dd><xsl:value-of select="$d/@stage_label"/></dd>
        <dt><t:k name="maildecide.created"/></dt>
        <dd><xsl:value-of select="$d/@created"/></dd>
        <dt><t:k name="maildecide.decision"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$reject"><span class="badge badge-rejected">Reject</span></xsl:when>
            <xsl:when test="$return"><span class="badge badge-waiting"><t:k name="maildecide.return"/></span></xsl:when>
            <xsl:otherwise><span class="badge badge-completed">Approve</span></xsl:otherwise>
          </xsl:choose>
        </dd>
      </dl>

      <form class="confirm-form mail-decide-form" method="post" action="{$base}mail/decide">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="t" value="{$c/@token}"/>
        <input type="hidden" name="a" value="{$c/@action}"/>
        <input type="hidden" name="status" value="{$c/@status}"/>
        <div class="field">
          <label for="md-reason"><t:k name="maildecide.reason"/></label>
          <textarea id="md-reason" name="reason" rows="4" required="required">
            <xsl:attribute name="aria-describedby">
              <xsl:text>md-reason-hint</xsl:text>
              <xsl:if test="$c/@reason_error"> md-reason-error</xsl:if>
            </xsl:attribute>
            <xsl:if test="$c/@reason_error">
              <xsl:attribute name="aria-invalid">true</xsl:attribute>
            </xsl:if>
            <xsl:value-of select="$c/@reason"/>
          </textarea>
          <span class="hint" id="md-reason-hint"><t:k name="maildecide.required"/></span>
          <xsl:if test="$c/@reason_error">
            <span class="field-error" id="md-reason-error"><xsl:value-of select="$c/@reason_error"/></span>
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
              <xsl:when test="$return"><t:k name="maildecide.yes.return"/></xsl:when>
              <xsl:otherwise><t:k name="maildecide.yes"/></xsl:otherwise>
            </xsl:choose>
          </button>
          <a class="btn btn-outline" href="{$c/@login}"><t:k name="maildecide.login"/></a>
        </div>
      </form>
    </section>
  </xsl:template>

</xsl:stylesheet>
