<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_platform_form.xsl: Tambah or Ubah one Platform System
  (Administrator only). /page/content:
    item[@mode="new|edit" @code @name @sort_order
         @code_error @name_error @sort_order_error]
  /page/flash: why nothing was saved.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="admin.xsl"/>

  <xsl:variable name="i" select="/page/content/item"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <section class="card" aria-labelledby="platform-form-title">
      <h2 id="platform-form-title">
        <xsl:choose>
          <xsl:when test="$i/@mode = 'edit'"><t:k name="admin.edit"/><xsl:value-of select="$i/@code"/></xsl:when>
          <xsl:otherwise><t:k name="admin.platform.add"/></xsl:otherwise>
        </xsl:choose>
      </h2>
      <form method="post" action="{$base}admin/platforms/save" class="admin-edit-form">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="mode" value="{$i/@mode}"/>
        <xsl:call-template name="admin-field">
          <xsl:with-param name="name" select="'code'"/>
          <xsl:with-param name="label"><t:k name="admin.col.code"/></xsl:with-param>
          <xsl:with-param name="value" select="$i/@code"/>
          <xsl:with-param name="error" select="string($i/@code_error)"/>
          <xsl:with-param name="maxlength">32</xsl:with-param>
          <xsl:with-param name="readonly" select="$i/@mode = 'edit'"/>
          <xsl:with-param name="hint"><t:k name="admin.platform.code.hint"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-field">
          <xsl:with-param name="name" select="'name'"/>
          <xsl:with-param name="label"><t:k name="admin.col.name"/></xsl:with-param>
          <xsl:with-param name="value" select="$i/@name"/>
          <xsl:with-param name="error" select="string($i/@name_error)"/>
          <xsl:with-param name="maxlength">200</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-field">
          <xsl:with-param name="name" select="'sort_order'"/>
          <xsl:with-param name="label"><t:k name="admin.col.order"/></xsl:with-param>
          <xsl:with-param name="value" select="$i/@sort_order"/>
          <xsl:with-param name="error" select="string($i/@sort_order_error)"/>
          <xsl:with-param name="maxlength">5</xsl:with-param>
          <xsl:with-param name="inputmode" select="'numeric'"/>
          <xsl:with-param name="hint"><t:k name="admin.platform.order.hint"/></xsl:with-param>
        </xsl:call-template>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary"><t:k name="admin.save"/></button>
          <a class="btn btn-outline" href="{$base}admin/platforms"><t:k name="admin.cancel"/></a>
        </div>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
