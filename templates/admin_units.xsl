<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_units.xsl: Divisi/Cab/Unit (Administrator only), with Tambah,
  Ubah, Nonaktifkan / Aktifkan and the CSV import.
  /page/content: unit[@code @name @kind @kind_label @head_nopek @head_name
                      @active="1|0" @employees]
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="admin.xsl"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <p class="lead"><t:k name="admin.units.lead"/><code>pserv-admin import</code>.</p>
    <div class="form-actions admin-actions">
      <a class="btn btn-primary" href="{$base}admin/units/new"><t:k name="admin.add"/></a>
      <a class="btn btn-outline" href="{$base}admin/units/import"><t:k name="admin.import.csv"/></a>
    </div>
    <div class="table-wrap" role="region" aria-labelledby="units-caption" tabindex="0">
      <table class="data-table units-table">
        <caption id="units-caption" class="visually-hidden"><t:k name="admin.units.caption"/></caption>
        <thead>
          <tr>
            <th scope="col"><t:k name="admin.col.code"/></th>
            <th scope="col"><t:k name="admin.col.name"/></th>
            <th scope="col"><t:k name="admin.col.kind"/></th>
            <th scope="col"><t:k name="admin.col.head"/></th>
            <th scope="col"><t:k name="admin.col.employees"/></th>
            <th scope="col"><t:k name="admin.col.status"/></th>
            <th scope="col"><t:k name="admin.col.action"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="/page/content/unit">
            <tr>
              <th scope="row"><xsl:value-of select="@code"/></th>
              <td t:data-label="admin.col.name"><xsl:value-of select="@name"/></td>
              <td t:data-label="admin.col.kind"><xsl:value-of select="@kind_label"/></td>
              <td t:data-label="admin.col.head">
                <xsl:choose>
                  <xsl:when test="@head_nopek"><xsl:value-of select="@head_name"/> (<xsl:value-of select="@head_nopek"/>)</xsl:when>
                  <xsl:otherwise>—</xsl:otherwise>
                </xsl:choose>
              </td>
              <td t:data-label="admin.col.employees"><xsl:value-of select="@employees"/></td>
              <td t:data-label="admin.col.status"><xsl:call-template name="admin-flag"><xsl:with-param name="on" select="@active"/></xsl:call-template></td>
              <td class="row-actions">
                <a class="btn btn-outline btn-sm" href="{$base}admin/units/edit?code={@code}"><xsl:attribute name="aria-label"><t:k name="admin.edit"/><xsl:value-of select="@name"/></xsl:attribute><t:k name="admin.edit.button"/></a>
                <xsl:call-template name="admin-active-form"><xsl:with-param name="list" select="'units'"/></xsl:call-template>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>
</xsl:stylesheet>
