<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_platforms.xsl: Platform System, read-only (Administrator only).
  /page/content: platform[@code @name @active="1|0" @sort_order @requests]
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="admin.xsl"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <p class="lead">Platform System yang tampil sebagai pilihan pada formulir permohonan (yang aktif saja), dalam urutan tampilnya. Data ini diperbarui melalui <code>pserv-admin import</code>.</p>
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
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="/page/content/platform">
            <tr>
              <th scope="row"><xsl:value-of select="@code"/></th>
              <td><xsl:value-of select="@name"/></td>
              <td><xsl:value-of select="@sort_order"/></td>
              <td><xsl:value-of select="@requests"/></td>
              <td><xsl:call-template name="admin-flag"><xsl:with-param name="on" select="@active"/></xsl:call-template></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>
</xsl:stylesheet>
