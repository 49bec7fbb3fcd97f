<?xml version="1.0" encoding="UTF-8"?>
<!--
  message.xsl: a page that only says something (password changed, link no
  longer valid). /page/content: @type (success | error | info), @message,
  @href and @link (the way on); @refresh: where the browser goes at once
  (a meta refresh, no JavaScript: the logout's way on to the identity
  provider, PservSSOLogoutURL).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="head-extra">
    <xsl:if test="/page/content/@refresh">
      <meta http-equiv="refresh" content="0; url={/page/content/@refresh}"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="body">
    <xsl:variable name="c" select="/page/content"/>
    <div class="card message-card">
      <xsl:choose>
        <xsl:when test="$c/@type = 'error'">
          <p class="notice notice-error" role="alert"><xsl:value-of select="$c/@message"/></p>
        </xsl:when>
        <xsl:otherwise>
          <p class="notice notice-{$c/@type}" role="status"><xsl:value-of select="$c/@message"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$c/@href">
        <p class="card-actions"><a class="btn btn-primary" href="{$c/@href}"><xsl:value-of select="$c/@link"/></a></p>
      </xsl:if>
    </div>
  </xsl:template>
</xsl:stylesheet>
