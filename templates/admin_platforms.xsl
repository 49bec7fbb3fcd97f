<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_platforms.xsl: Platform System (Administrator only), with Tambah,
  Ubah and Nonaktifkan / Aktifkan.
  /page/content: platform[@code @name @active="1|0" @sort_order @requests]
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="admin.xsl"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <p class="lead"><t:k name="admin.platforms.lead"/><code>pserv-admin import</code>.</p>
    <div class="form-actions admin-actions">
      <a class="btn btn-primary" href="{$base}admin/platforms/new"><t:k name="admin.add"/></a>
    </div>
    <div class="table-wrap" role="region" aria-labelledby="platforms-caption" tabindex="0">
      <table class="data-table platforms-table">
        <caption id="platforms-caption" class="visually-hidden"><t:k name="admin.platforms.caption"/></caption>
        <thead>
          <tr>
            <th scope="col"><t:k name="admin.col.code"/></th>
            <th scope="col"><t:k name="admin.col.name"/></th>
            <th scope="col"><t:k name="admin.col.order"/></th>
            <th scope="col"><t:k name="admin.col.requests"/></th>
            <th scope="col"><t:k name="admin.col.status"/></th>
            <th scope="col"><t:k name="admin.col.action"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="/page/content/platform">
            <tr>
              <th scope="row"><xsl:value-of select="@code"/></th>
              <td t:data-label="admin.col.name"><xsl:value-of select="@name"/></td>
              <td t:data-label="admin.col.order"><xsl:value-of select="@sort_order"/></td>
              <td t:data-label="admin.col.requests"><xsl:value-of select="@requests"/></td>
              <td t:data-label="admin.col.status"><xsl:call-template name="admin-flag"><xsl:with-param name="on" select="@active"/></xsl:call-template></td>
              <td class="row-actions">
                <a class="btn btn-outline btn-sm" href="{$base}admin/platforms/edit?code={@code}"><xsl:attribute name="aria-label"><t:k name="admin.edit"/><xsl:value-of select="@name"/></xsl:attribute><t:k name="admin.edit.button"/></a>
                <xsl:call-template name="admin-active-form"><xsl:with-param name="list" select="'platforms'"/></xsl:call-template>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>
</xsl:stylesheet>
