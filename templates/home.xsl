<?xml version="1.0" encoding="UTF-8"?>
<!--
  home.xsl: Halaman Utama, the menu of P-Serv services (manual Gambar 4.3).
  ICT Helpdesk, then the cards of PservServiceCard home (service_cards.xsl):
  the other services the company runs, with their links (none by default).
  An administrator (/page/user/role[@code='admin']) also gets the card of
  the Administrator's pages. /page/content: cards/card[@title @url @text] (none: no cards).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>
  <xsl:import href="service_cards.xsl"/>

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
            <li><a href="{$base}admin/access"><t:k name="access.nav"/></a></li>
            <li><a href="{$base}admin/subject"><t:k name="subject.home"/></a></li>
          </ul>
          <p class="card-actions">
            <a class="btn btn-primary" href="{$base}admin/accounts"><t:k name="home.admin.accounts"/></a>
          </p>
        </li>
      </xsl:if>
      <xsl:call-template name="service-cards"/>
    </ul>
  </xsl:template>

</xsl:stylesheet>
