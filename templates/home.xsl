<?xml version="1.0" encoding="UTF-8"?>
<!--
  home.xsl: Halaman Utama, the menu of P-Serv services (manual Gambar 4.3).
  Only ICT Helpdesk is live; the other services are shown as "Segera hadir".
  An administrator (/page/user/role[@code='admin']) also gets the card of
  the Administrator's pages. /page/content needs nothing.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="body">
    <p class="lead">
      <xsl:choose>
        <xsl:when test="/page/user/@name">
          <xsl:text>Selamat datang, </xsl:text>
          <strong><xsl:value-of select="/page/user/@name"/></strong>
          <xsl:text>. Pilih layanan yang ingin Anda gunakan.</xsl:text>
        </xsl:when>
        <xsl:otherwise>Pilih layanan yang ingin Anda gunakan.</xsl:otherwise>
      </xsl:choose>
    </p>

    <ul class="card-grid" aria-label="Daftar layanan P-Serv">
      <li class="card service-card service-ict">
        <span class="service-icon" aria-hidden="true">IT</span>
        <h2 class="card-title">ICT Helpdesk</h2>
        <p>Permintaan User ID baru dan layanan bantuan teknologi informasi PT Pertamina Retail.</p>
        <p class="card-actions">
          <a class="btn btn-primary" href="{$base}helpdesk">Go to ICT Helpdesk</a>
        </p>
      </li>
      <xsl:if test="/page/user/role[@code = 'admin']">
        <li class="card service-card service-admin">
          <span class="service-icon" aria-hidden="true">AD</span>
          <h2 class="card-title">Administrator</h2>
          <p>Akun dan peran pengguna P-Serv, serta data master: Divisi/Cab/Unit, pekerja, dan Platform System.</p>
          <ul class="admin-links">
            <li><a href="{$base}admin/units">Divisi/Cab/Unit</a></li>
            <li><a href="{$base}admin/employees">Data Pekerja</a></li>
            <li><a href="{$base}admin/platforms">Platform System</a></li>
            <li><a href="{$base}admin/stuck">Tiket Tertahan</a></li>
          </ul>
          <p class="card-actions">
            <a class="btn btn-primary" href="{$base}admin/accounts">Akun &amp; Peran</a>
          </p>
        </li>
      </xsl:if>
      <xsl:call-template name="soon">
        <xsl:with-param name="icon">GA</xsl:with-param>
        <xsl:with-param name="title">General Affair</xsl:with-param>
        <xsl:with-param name="text">Permintaan fasilitas kantor, kendaraan dinas, dan ruang rapat.</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="soon">
        <xsl:with-param name="icon">HC</xsl:with-param>
        <xsl:with-param name="title">Human Capital</xsl:with-param>
        <xsl:with-param name="text">Layanan kepegawaian, cuti, dan administrasi pekerja.</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="soon">
        <xsl:with-param name="icon">FN</xsl:with-param>
        <xsl:with-param name="title">Finance</xsl:with-param>
        <xsl:with-param name="text">Pengajuan reimbursement dan uang muka kerja.</xsl:with-param>
      </xsl:call-template>
    </ul>
  </xsl:template>

  <xsl:template name="soon">
    <xsl:param name="icon"/>
    <xsl:param name="title"/>
    <xsl:param name="text"/>
    <li class="card service-card card-disabled">
      <span class="service-icon" aria-hidden="true"><xsl:value-of select="$icon"/></span>
      <h2 class="card-title"><xsl:value-of select="$title"/></h2>
      <p><xsl:value-of select="$text"/></p>
      <p class="card-actions"><span class="badge badge-soon">Segera hadir</span></p>
    </li>
  </xsl:template>

</xsl:stylesheet>
