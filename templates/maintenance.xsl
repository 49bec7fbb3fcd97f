<?xml version="1.0" encoding="UTF-8"?>
<!--
  maintenance.xsl: every page while the database's schema is not the one
  this mod_pserv needs (HTTP 503 with Retry-After; mod_pserv/schema.c).
  /page/content/@status   "503" (shown large, like the error pages)
  No user menu: showing it would need the database.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="body">
    <div class="card error-panel">
      <p class="error-code">
        <span class="visually-hidden"><t:k name="maint.code"/></span>
        <xsl:value-of select="/page/content/@status"/>
      </p>
      <p class="error-message"><t:k name="maint.message"/></p>
      <p><t:k name="maint.retry"/></p>
      <p class="hint"><t:k name="maint.admin.before"/><code>/healthz</code><t:k name="maint.admin.after"/></p>
      <p class="card-actions">
        <a class="btn btn-primary" href="{$base}"><t:k name="maint.again"/></a>
      </p>
    </div>
  </xsl:template>

</xsl:stylesheet>
