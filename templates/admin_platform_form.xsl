<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_platform_form.xsl: Tambah or Ubah one Platform System
  (Administrator only). /page/content:
    item[@mode="new|edit" @code @name @sort_order
         @code_error @name_error @sort_order_error]
  /page/flash: why nothing was saved.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="admin.xsl"/>

  <xsl:variable name="i" select="/page/content/item"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <section class="card" aria-labelledby="platform-form-title">
      <h2 id="platform-form-title">
        <xsl:choose>
          <xsl:when test="$i/@mode = 'edit'">Ubah <xsl:value-of select="$i/@code"/></xsl:when>
          <xsl:otherwise>Tambah Platform System</xsl:otherwise>
        </xsl:choose>
      </h2>
      <form method="post" action="{$base}admin/platforms/save" class="admin-edit-form">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="mode" value="{$i/@mode}"/>
        <xsl:call-template name="admin-field">
          <xsl:with-param name="name">code</xsl:with-param>
          <xsl:with-param name="label">Kode</xsl:with-param>
          <xsl:with-param name="value" select="$i/@code"/>
          <xsl:with-param name="error" select="string($i/@code_error)"/>
          <xsl:with-param name="maxlength">32</xsl:with-param>
          <xsl:with-param name="readonly" select="$i/@mode = 'edit'"/>
          <xsl:with-param name="hint">Huruf besar A-Z, angka, garis bawah atau tanda hubung (contoh SAP). Tidak dapat diubah setelah disimpan.</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-field">
          <xsl:with-param name="name">name</xsl:with-param>
          <xsl:with-param name="label">Nama</xsl:with-param>
          <xsl:with-param name="value" select="$i/@name"/>
          <xsl:with-param name="error" select="string($i/@name_error)"/>
          <xsl:with-param name="maxlength">200</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-field">
          <xsl:with-param name="name">sort_order</xsl:with-param>
          <xsl:with-param name="label">Urutan</xsl:with-param>
          <xsl:with-param name="value" select="$i/@sort_order"/>
          <xsl:with-param name="error" select="string($i/@sort_order_error)"/>
          <xsl:with-param name="maxlength">5</xsl:with-param>
          <xsl:with-param name="inputmode">numeric</xsl:with-param>
          <xsl:with-param name="hint">Bilangan bulat 0 sampai 99999: urutan tampil pada formulir permohonan (kecil lebih dulu).</xsl:with-param>
        </xsl:call-template>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Simpan</button>
          <a class="btn btn-outline" href="{$base}admin/platforms">Batal</a>
        </div>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
