<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin.xsl: what the Administrator's pages share. Each of them does
    <xsl:import href="admin.xsl"/>
  (which imports layout.xsl) and calls <xsl:call-template name="admin-nav"/>
  at the top of its body: the menu between Akun & Peran and the master
  data, the current page marked by /page/@name. Also "admin-flag", a small
  yes/no badge for @active-like values ('1' or '0').
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="admin-nav">
    <nav class="admin-nav" aria-label="Menu Administrator">
      <ul>
        <xsl:call-template name="admin-nav-item">
          <xsl:with-param name="href">admin/accounts</xsl:with-param>
          <xsl:with-param name="pages"> admin_accounts admin_account </xsl:with-param>
          <xsl:with-param name="label">Akun &amp; Peran</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-nav-item">
          <xsl:with-param name="href">admin/units</xsl:with-param>
          <xsl:with-param name="pages"> admin_units </xsl:with-param>
          <xsl:with-param name="label">Divisi/Cab/Unit</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-nav-item">
          <xsl:with-param name="href">admin/employees</xsl:with-param>
          <xsl:with-param name="pages"> admin_employees admin_import </xsl:with-param>
          <xsl:with-param name="label">Data Pekerja</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-nav-item">
          <xsl:with-param name="href">admin/platforms</xsl:with-param>
          <xsl:with-param name="pages"> admin_platforms </xsl:with-param>
          <xsl:with-param name="label">Platform System</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-nav-item">
          <xsl:with-param name="href">admin/stuck</xsl:with-param>
          <xsl:with-param name="pages"> admin_stuck assign </xsl:with-param>
          <xsl:with-param name="label">Tiket Tertahan</xsl:with-param>
        </xsl:call-template>
      </ul>
    </nav>
  </xsl:template>

  <xsl:template name="admin-nav-item">
    <xsl:param name="href"/>
    <xsl:param name="pages"/>
    <xsl:param name="label"/>
    <li>
      <a href="{$base}{$href}">
        <xsl:if test="contains($pages, concat(' ', /page/@name, ' '))">
          <xsl:attribute name="aria-current">page</xsl:attribute>
        </xsl:if>
        <xsl:value-of select="$label"/>
      </a>
    </li>
  </xsl:template>

  <xsl:template name="admin-flag">
    <xsl:param name="on"/>
    <xsl:choose>
      <xsl:when test="$on = '1'"><span class="badge badge-completed">Aktif</span></xsl:when>
      <xsl:otherwise><span class="badge badge-rejected">Nonaktif</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The state of an account (the context node): Aktif / Nonaktif, then Terkunci and Belum ada password when so. -->
  <xsl:template name="account-state">
    <span class="state-list">
      <xsl:call-template name="admin-flag"><xsl:with-param name="on" select="@active"/></xsl:call-template>
      <xsl:if test="@locked = '1'"><xsl:text> </xsl:text><span class="badge badge-waiting">Terkunci</span></xsl:if>
      <xsl:if test="@has_password = '0'"><xsl:text> </xsl:text><span class="badge badge-soon">Belum ada password</span></xsl:if>
    </span>
  </xsl:template>

  <!-- Sebelumnya / Berikutnya from content/@prev_href and @next_href
       (paths from the site root). -->
  <xsl:template name="admin-pager">
    <xsl:variable name="c" select="/page/content"/>
    <xsl:if test="$c/@prev_href or $c/@next_href">
      <nav class="pager" aria-label="Navigasi halaman">
        <xsl:choose>
          <xsl:when test="$c/@prev_href">
            <a class="btn btn-outline btn-sm pager-prev" rel="prev" href="{$base}{substring($c/@prev_href, 2)}"><span aria-hidden="true">‹ </span>Sebelumnya</a>
          </xsl:when>
          <xsl:otherwise><span class="pager-spacer"></span></xsl:otherwise>
        </xsl:choose>
        <xsl:choose>
          <xsl:when test="$c/@next_href">
            <a class="btn btn-outline btn-sm pager-next" rel="next" href="{$base}{substring($c/@next_href, 2)}">Berikutnya<span aria-hidden="true"> ›</span></a>
          </xsl:when>
          <xsl:otherwise><span class="pager-spacer"></span></xsl:otherwise>
        </xsl:choose>
      </nav>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
