<?xml version="1.0" encoding="UTF-8"?>
<!--
  helpdesk.xsl: ICT Helpdesk menu (manual Gambar 4.4).
  Request User ID, then the cards of PservServiceCard helpdesk
  (service_cards.xsl; /page/content/cards/card[@title @url @text], none by
  default). Default breadcrumb: Halaman Utama > title.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>
  <xsl:import href="service_cards.xsl"/>

  <xsl:template name="default-crumbs">
    <xsl:call-template name="crumb-trail"/>
  </xsl:template>

  <xsl:template name="body">
    <p class="lead"><t:k name="helpdesk.lead"/></p>

    <ul class="card-grid" t:aria-label="helpdesk.services">
      <li class="card service-card service-ict">
        <span class="service-icon" aria-hidden="true"><t:k name="helpdesk.uid.icon"/></span>
        <h2 class="card-title"><t:k name="helpdesk.uid.title"/></h2>
        <p><t:k name="helpdesk.uid.text"/></p>
        <p class="card-actions">
          <a class="btn btn-primary" href="{$base}requests"><t:k name="helpdesk.uid.go"/></a>
        </p>
      </li>
      <xsl:call-template name="service-cards"/>
    </ul>
  </xsl:template>

</xsl:stylesheet>
