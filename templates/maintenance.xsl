<?xml version="1.0" encoding="UTF-8"?>
<!--
  maintenance.xsl: every page while the database's schema is not the one
  this mod_pserv needs (HTTP 503 with Retry-After; mod_pserv/schema.c).
  /page/content/@status   "503" (shown large, like the error pages)
  No user menu: showing it would need the database.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="body">
    <div class="card error-panel">
      <p class="error-code">
        <span class="visually-hidden">Kode status </span>
        <xsl:value-of select="/page/content/@status"/>
      </p>
      <p class="error-message">P-Serv sedang dalam pemeliharaan: basis datanya sedang diperbarui.</p>
      <p>Silakan coba lagi dalam beberapa menit. Permintaan yang sudah Anda kirim tidak hilang.</p>
      <p class="hint">Untuk administrator: alasannya tertulis di <code>/healthz</code> dan di error log Apache (pserv[SCH01] atau pserv[SCH02]).</p>
      <p class="card-actions">
        <a class="btn btn-primary" href="{$base}">Coba Lagi</a>
      </p>
    </div>
  </xsl:template>

</xsl:stylesheet>
