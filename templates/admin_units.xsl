<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_units.xsl: Divisi/Cab/Unit, read-only (Administrator only).
  /page/content: unit[@code @name @kind @kind_label @head_nopek @head_name
                      @active="1|0" @employees]
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="admin.xsl"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <p class="lead">Divisi Head Office dan unit di luar HO beserta kepalanya (BUH). Data ini diperbarui melalui impor dari HR (<code>pserv-admin import</code>).</p>
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
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="/page/content/unit">
            <tr>
              <th scope="row"><xsl:value-of select="@code"/></th>
              <td><xsl:value-of select="@name"/></td>
              <td><xsl:value-of select="@kind_label"/></td>
              <td>
                <xsl:choose>
                  <xsl:when test="@head_nopek"><xsl:value-of select="@head_name"/> (<xsl:value-of select="@head_nopek"/>)</xsl:when>
                  <xsl:otherwise>—</xsl:otherwise>
                </xsl:choose>
              </td>
              <td><xsl:value-of select="@employees"/></td>
              <td><xsl:call-template name="admin-flag"><xsl:with-param name="on" select="@active"/></xsl:call-template></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>
</xsl:stylesheet>
