<?xml version="1.0" encoding="UTF-8"?>
<!--
  home.xsl: Halaman Utama, the menu of P-Serv services (manual Gambar 4.3).
  Only ICT Helpdesk is live; the other services are shown as "Segera hadir".
  An administrator (/page/user/role[@code='admin']) also gets the card of
  the Administrator's pages. /page/content needs nothing.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="body">
    <p class="lead">
      <xsl:choose>
        <xsl:when test="/page/user/@name">
          <xsl:text><t:k name="home.welcome"/></xsl:text>
          <strong><xsl:value-of select="/page/user/@name"/></strong>
          <xsl:text><t:k name="home.welcome.after"/></xsl:text>
        </xsl:when>
        <xsl:otherwise><t:k name="home.choose"/></xsl:otherwise>
      </xsl:choose>
    </p>

    <ul class="card-grid" t:aria-label="home.services">
      <li class="card service-card service-ict">
        <span class="service-icon" aria-hidden="true">IT</span>
        <h2 class="card-title">ICT Helpdesk</h2>
        <p><t:k name="home.ict.text"/></p>
        <p class="card-actions">
          <a class="btn btn-primary" href="{$base}helpdesk">Go to ICT Helpdesk</a>
        </p>
      </li>
      <xsl:if test="/page/user/role[@code = 'admin']">
        <li class="card service-card service-admin">
          <span class="service-icon" aria-hidden="true">AD</span>
          <h2 class="card-title">Administrator</h2>
          <p><t:k name="home.admin.text"/></p>
          <ul class="admin-links">
            <li><a href="{$base}admin/units"><t:k name="home.admin.units"/></a></li>
            <li><a href="{$base}admin/employees"><t:k name="home.admin.employees"/></a></li>
            <li><a href="{$base}admin/platforms">Platform System</a></li>
            <li><a href="{$base}admin/stuck"><t:k name="home.admin.stuck"/></a></li>
          </ul>
          <p class="card-actions">
            <a class="btn btn-primary" href="{$base}admin/accounts"><t:k name="home.admin.accounts"/></a>
          </p>
        </li>
      </xsl:if>
      <xsl:call-template name="soon">
        <xsl:with-param name="icon">GA</xsl:with-param>
        <xsl:with-param name="title">General Affair</xsl:with-param>
        <xsl:with-param name="text"><t:k name="home.ga.text"/></xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="soon">
        <xsl:with-param name="icon">HC</xsl:with-param>
        <xsl:with-param name="title">Human Capital</xsl:with-param>
        <xsl:with-param name="text"><t:k name="home.hc.text"/></xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="soon">
        <xsl:with-param name="icon">FN</xsl:with-param>
        <xsl:with-param name="title">Finance</xsl:with-param>
        <xsl:with-param name="text"><t:k name="home.fn.text"/></xsl:with-param>
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
      <p class="card-actions"><span class="badge badge-soon"><t:k name="home.soon"/></span></p>
    </li>
  </xsl:template>

</xsl:stylesheet>
