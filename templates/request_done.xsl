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
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="head-extra">
    <script src="{$base}static/request.js" defer="defer"></script>
  </xsl:template>

  <xsl:template name="body">
    <xsl:variable name="c" select="/page/content"/>

    <ol class="request-steps" aria-label="Tahapan pengajuan">
      <li class="is-done"><span class="step-no" aria-hidden="true">1</span>Isi Form</li>
      <li class="is-done"><span class="step-no" aria-hidden="true">2</span>Review</li>
      <li aria-current="step"><span class="step-no" aria-hidden="true">3</span>Selesai</li>
    </ol>

    <div class="card done-panel">
      <div class="notice notice-success" role="status">
        <p>
          <strong>Permohonan User ID baru berhasil di-submit.</strong>
          <xsl:text> </xsl:text>
          <xsl:choose>
            <xsl:when test="string($c/@full_name) != ''">
              <xsl:text>Permohonan atas nama </xsl:text>
              <strong><xsl:value-of select="$c/@full_name"/></strong>
              <xsl:text> sedang </xsl:text>
            </xsl:when>
            <xsl:otherwise>Permohonan Anda sedang </xsl:otherwise>
          </xsl:choose>
          <xsl:text>menunggu persetujuan Atasan Pemohon</xsl:text>
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
        <p class="nomor-box-label" id="nomor-label">Nomor Permohonan</p>
        <p class="nomor-row">
          <code class="nomor-value" id="nomor-value"><xsl:value-of select="$c/@nomor"/></code>
        </p>
        <p class="hint">Simpan Nomor ini untuk menanyakan status permohonan Anda.</p>
      </div>

      <p>Notifikasi melalui e-mail dikirim kepada Atasan Pemohon untuk persetujuan. Anda juga akan menerima e-mail berisi Nomor ini dan link ke halaman Status Permintaan untuk memantau progres persetujuan, serta e-mail pemberitahuan berikutnya ketika permohonan disetujui (beserta tautan untuk membuat password) atau ditolak.</p>

      <h2 class="card-title">Tahapan persetujuan</h2>
      <ol class="approval-flow">
        <li aria-current="step">Atasan Pemohon</li>
        <li>ICT Verificator</li>
        <li>ICT Manager</li>
        <li>ICT Executor</li>
      </ol>

      <p class="card-actions">
        <a class="btn btn-primary" href="{$base}login">Kembali ke Halaman Login</a>
      </p>
    </div>
  </xsl:template>

</xsl:stylesheet>
