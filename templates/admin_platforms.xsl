<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_platforms.xsl: Platform System (Administrator only), with Tambah,
  Ubah and Nonaktifkan / Aktifkan.
  /page/content: platform[@code @name @active="1|0" @sort_order @requests]
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="admin.xsl"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <p class="lead">Platform System yang tampil sebagai pilihan pada formulir permohonan (yang aktif saja), dalam urutan tampilnya. Platform yang nonaktif tidak lagi ditawarkan pada formulir, tetapi tetap tampil pada tiket lama. Data dapat diubah di sini atau melalui <code>pserv-admin import</code>.</p>
    <div class="form-actions admin-actions">
      <a class="btn btn-primary" href="{$base}admin/platforms/new">Tambah</a>
    </div>
    <div class="table-wrap" role="region" aria-labelledby="platforms-caption" tabindex="0">
      <table class="data-table platforms-table">
        <caption id="platforms-caption" class="visually-hidden">Daftar Platform System</caption>
        <thead>
          <tr>
            <th scope="col">Kode</th>
            <th scope="col">Nama</th>
            <th scope="col">Urutan</th>
            <th scope="col">Jumlah Permohonan</th>
            <th scope="col">Status</th>
            <th scope="col">Aksi</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="/page/content/platform">
            <tr>
              <th scope="row"><xsl:value-of select="@code"/></th>
              <td data-label="Nama"><xsl:value-of select="@name"/></td>
              <td data-label="Urutan"><xsl:value-of select="@sort_order"/></td>
              <td data-label="Jumlah Permohonan"><xsl:value-of select="@requests"/></td>
              <td data-label="Status"><xsl:call-template name="admin-flag"><xsl:with-param name="on" select="@active"/></xsl:call-template></td>
              <td class="row-actions">
                <a class="btn btn-outline btn-sm" href="{$base}admin/platforms/edit?code={@code}" aria-label="Ubah {@name}">Ubah</a>
                <xsl:call-template name="admin-active-form"><xsl:with-param name="list">platforms</xsl:with-param></xsl:call-template>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>
</xsl:stylesheet>
