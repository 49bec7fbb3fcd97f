<?xml version="1.0" encoding="UTF-8"?>
<!--
  request_done.xsl: Permohonan Berhasil Di-Submit (manual Gambar 3.12),
  public. /page/@title "Permohonan Berhasil Di-Submit".
  /page/content attributes:
    @nomor        the request's Nomor (shown large, easy to copy)
    @full_name    the requester (optional)
    @atasan_name  the Atasan Pemohon who approves first (optional)
  static/request.js adds a "Salin Nomor" button.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="head-extra">
    <script src="{$base}static/request.js" defer="defer"></script>
  </xsl:template>

  <xsl:template name="body">
    <xsl:variable name="c" select="/page/content"/>

    <ol class="request-steps" t:aria-label="form.steps">
      <li class="is-done"><span class="step-no" aria-hidden="true">1</span><t:k name="form.step.fill"/></li>
      <li class="is-done"><span class="step-no" aria-hidden="true">2</span><t:k name="form.step.review"/></li>
      <li aria-current="step"><span class="step-no" aria-hidden="true">3</span><t:k name="form.step.done"/></li>
    </ol>

    <div class="card done-panel">
      <div class="notice notice-success" role="status">
        <p>
          <strong><t:k name="done.submitted"/></strong>
          <xsl:text> </xsl:text>
          <xsl:choose>
            <xsl:when test="string($c/@full_name) != ''">
              <xsl:text><t:k name="done.for"/></xsl:text>
              <strong><xsl:value-of select="$c/@full_name"/></strong>
              <xsl:text><t:k name="done.for.after"/></xsl:text>
            </xsl:when>
            <xsl:otherwise><t:k name="done.yours"/></xsl:otherwise>
          </xsl:choose>
          <xsl:text><t:k name="done.waiting"/></xsl:text>
          <xsl:choose>
            <xsl:when test="string($c/@atasan_name) != ''">
              <xsl:text>, </xsl:text>
              <strong><xsl:value-of select="$c/@atasan_name"/></strong>
              <xsl:text>.</xsl:text>
            </xsl:when>
            <xsl:otherwise>.</xsl:otherwise>
          </xsl:choose>
        </p>
      </div>

      <div class="nomor-box">
        <p class="nomor-box-label" id="nomor-label"><t:k name="done.nomor"/></p>
        <p class="nomor-row">
          <code class="nomor-value" id="nomor-value"><xsl:value-of select="$c/@nomor"/></code>
        </p>
        <p class="hint"><t:k name="done.nomor.hint"/></p>
      </div>

      <p><t:k name="done.mails"/></p>

      <h2 class="card-title"><t:k name="done.flow"/></h2>
      <ol class="approval-flow">
        <li aria-current="step"><t:k name="done.stage.atasan"/></li>
        <li><t:k name="done.stage.verificator"/></li>
        <li><t:k name="done.stage.manager"/></li>
        <li><t:k name="done.stage.executor"/></li>
      </ol>

      <p class="card-actions">
        <a class="btn btn-primary" href="{$base}login"><t:k name="done.back"/></a>
      </p>
    </div>
    <!-- static/request.js's texts, in a language other than its own -->
    <xsl:if test="$page-lang != 'id'">
      <div id="request-texts" hidden="hidden" t:data-copy="form.js.copy"
           t:data-copied="form.js.copied" t:data-copy-manual="form.js.copy_manual"></div>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
