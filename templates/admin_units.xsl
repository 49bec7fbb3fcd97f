<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_units.xsl: Divisi/Cab/Unit (Administrator only), with Tambah,
  Ubah, Nonaktifkan / Aktifkan and the CSV import.
  /page/content: unit[@code @name @kind @kind_label @head_nopek @head_name
                      @active="1|0" @employees]
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="admin.xsl"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <p class="lead">Divisi Head Office dan unit di luar HO beserta kepalanya (BUH). Kepala (BUH) sebuah Unit adalah Atasan permohonan jenis UNIT. Unit yang nonaktif tidak lagi ditawarkan pada formulir permohonan, tetapi tetap tampil pada tiket lama. Data dapat diubah di sini, diimpor dari CSV, atau melalui <code>pserv-admin import</code>.</p>
    <div class="form-actions admin-actions">
      <a class="btn btn-primary" href="{$base}admin/units/new">Tambah</a>
      <a class="btn btn-outline" href="{$base}admin/units/import">Impor dari CSV</a>
    </div>
    <div class="table-wrap" role="region" aria-labelledby="units-caption" tabindex="0">
      <table class="data-table units-table">
        <caption id="units-caption" class="visually-hidden">Daftar Divisi/Cab/Unit</caption>
        <thead>
          <tr>
            <th scope="col">Kode</th>
            <th scope="col">Nama</th>
            <th scope="col">Jenis</th>
            <th scope="col">Kepala (BUH)</th>
            <th scope="col">Jumlah Pekerja</th>
            <th scope="col">Status</th>
            <th scope="col">Aksi</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="/page/content/unit">
            <tr>
              <th scope="row"><xsl:value-of select="@code"/></th>
              <td data-label="Nama"><xsl:value-of select="@name"/></td>
              <td data-label="Jenis"><xsl:value-of select="@kind_label"/></td>
              <td data-label="Kepala (BUH)">
                <xsl:choose>
                  <xsl:when test="@head_nopek"><xsl:value-of select="@head_name"/> (<xsl:value-of select="@head_nopek"/>)</xsl:when>
                  <xsl:otherwise>—</xsl:otherwise>
                </xsl:choose>
              </td>
              <td data-label="Jumlah Pekerja"><xsl:value-of select="@employees"/></td>
              <td data-label="Status"><xsl:call-template name="admin-flag"><xsl:with-param name="on" select="@active"/></xsl:call-template></td>
              <td class="row-actions">
                <a class="btn btn-outline btn-sm" href="{$base}admin/units/edit?code={@code}" aria-label="Ubah {@name}">Ubah</a>
                <xsl:call-template name="admin-active-form"><xsl:with-param name="list">units</xsl:with-param></xsl:call-template>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>
</xsl:stylesheet>
