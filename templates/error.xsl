<?xml version="1.0" encoding="UTF-8"?>
<!--
  error.xsl: error pages (403, 404, 500, 503, ...).
  /page/content/@status   HTTP status code (shown large)
  /page/content/@message  Indonesian explanation; if absent a default text
                          for the status is shown.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="body">
    <xsl:variable name="status" select="string(/page/content/@status)"/>
    <div class="card error-panel">
      <xsl:if test="$status != ''">
        <p class="error-code">
          <span class="visually-hidden">Kode kesalahan </span>
          <xsl:value-of select="$status"/>
        </p>
      </xsl:if>
      <p class="error-message">
        <xsl:choose>
          <xsl:when test="string(/page/content/@message) != ''">
            <xsl:value-of select="/page/content/@message"/>
          </xsl:when>
          <xsl:when test="$status = '400'">Permintaan tidak valid.</xsl:when>
          <xsl:when test="$status = '401'">Silakan login terlebih dahulu.</xsl:when>
          <xsl:when test="$status = '403'">Anda tidak memiliki akses ke halaman ini.</xsl:when>
          <xsl:when test="$status = '404'">Halaman tidak ditemukan.</xsl:when>
          <xsl:when test="$status = '405'">Metode permintaan tidak diizinkan.</xsl:when>
          <xsl:when test="$status = '409'">Data telah berubah. Muat ulang halaman dan coba lagi.</xsl:when>
          <xsl:when test="$status = '413'">Berkas yang dikirim terlalu besar.</xsl:when>
          <xsl:when test="$status = '429'">Terlalu banyak permintaan. Silakan coba beberapa saat lagi.</xsl:when>
          <xsl:when test="$status = '503'">Layanan sedang tidak tersedia. Silakan coba beberapa saat lagi.</xsl:when>
          <xsl:otherwise>Terjadi kesalahan pada sistem. Silakan coba beberapa saat lagi.</xsl:otherwise>
        </xsl:choose>
      </p>
      <p class="card-actions">
        <a class="btn btn-primary" href="{$base}">Kembali ke Halaman Utama</a>
      </p>
    </div>
  </xsl:template>

</xsl:stylesheet>
