<?xml version="1.0" encoding="UTF-8"?>
<!--
  privacy.xsl: the Pemberitahuan Privasi (GET /privasi), public; linked
  from the request form, its review page and Status Permintaan.
  /page/content:
    privacy[@version]/p   the notice's paragraphs (the Administrator's
                          PservPrivacyNotice file or the catalogues' text),
                          shown as written; @version: the first 16 hex
                          digits of the SHA-256 of the paragraphs joined by
                          blank lines (what a request stores)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="body">
    <xsl:variable name="n" select="/page/content/privacy"/>
    <section class="card privacy-notice" id="privacy-notice">
      <div class="privacy-text">
        <xsl:for-each select="$n/p">
          <p><xsl:value-of select="."/></p>
        </xsl:for-each>
      </div>
      <p class="hint privacy-version"><t:k name="privacy.version"/><code><xsl:value-of select="$n/@version"/></code></p>
    </section>
  </xsl:template>
</xsl:stylesheet>
