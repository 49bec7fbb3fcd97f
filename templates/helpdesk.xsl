<?xml version="1.0" encoding="UTF-8"?>
<!--
  helpdesk.xsl: ICT Helpdesk menu (manual Gambar 4.4).
  /page/content needs nothing. Default breadcrumb: Halaman Utama > title.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="default-crumbs">
    <xsl:call-template name="crumb-trail"/>
  </xsl:template>

  <xsl:template name="body">
    <p class="lead">Layanan bantuan teknologi informasi PT Pertamina Retail.</p>

    <ul class="card-grid" aria-label="Layanan ICT Helpdesk">
      <li class="card service-card service-ict">
        <span class="service-icon" aria-hidden="true">ID</span>
        <h2 class="card-title">Request User ID</h2>
        <p>Daftar permohonan User ID baru untuk platform system yang aktif: cari, buka, dan proses persetujuannya.</p>
        <p class="card-actions">
          <a class="btn btn-primary" href="{$base}requests">Go to Form Request User ID</a>
        </p>
      </li>
      <li class="card service-card card-disabled">
        <span class="service-icon" aria-hidden="true">IN</span>
        <h2 class="card-title">Laporan Gangguan</h2>
        <p>Laporkan gangguan perangkat, jaringan, atau aplikasi.</p>
        <p class="card-actions"><span class="badge badge-soon">Segera hadir</span></p>
      </li>
      <li class="card service-card card-disabled">
        <span class="service-icon" aria-hidden="true">PR</span>
        <h2 class="card-title">Permintaan Perangkat</h2>
        <p>Permintaan laptop, printer, dan perangkat TI lainnya.</p>
        <p class="card-actions"><span class="badge badge-soon">Segera hadir</span></p>
      </li>
    </ul>
  </xsl:template>

</xsl:stylesheet>
