<?xml version="1.0" encoding="UTF-8"?>
<!--
  service_cards.xsl: the cards of PservServiceCard (README), shared by
  Halaman Utama (home.xsl) and ICT Helpdesk (helpdesk.xsl), which import
  it. Named template only:
    "service-cards"   the li of each /page/content/cards/card[@title @url
                      @text], in order: the title and description as the
                      administrator wrote them (not translated), the
                      link's "Buka" in the page's language. No cards (the
                      default): nothing.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">

  <xsl:template name="service-cards">
    <xsl:for-each select="/page/content/cards/card">
      <xsl:variable name="rest" select="normalize-space(substring-after(normalize-space(@title), ' '))"/>
      <li class="card service-card service-extra">
        <span class="service-icon" aria-hidden="true">
          <xsl:value-of select="translate(concat(substring(normalize-space(@title), 1, 1),
                                                 substring(concat(substring($rest, 1, 1), substring(normalize-space(@title), 2, 1)), 1, 1)),
                                          'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/>
        </span>
        <h2 class="card-title"><xsl:value-of select="@title"/></h2>
        <xsl:if test="string(@text) != ''">
          <p><xsl:value-of select="@text"/></p>
        </xsl:if>
        <p class="card-actions">
          <a class="btn btn-primary" href="{@url}">
            <xsl:text><t:k name="cards.open"/></xsl:text>
            <xsl:value-of select="@title"/>
          </a>
        </p>
      </li>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
