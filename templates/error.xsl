<?xml version="1.0" encoding="UTF-8"?>
<!--
  error.xsl: error pages (403, 404, 500, 503, ...).
  /page/content/@status   HTTP status code (shown large)
  /page/content/@message  Indonesian explanation; if absent a default text
                          for the status is shown.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="body">
    <xsl:variable name="status" select="string(/page/content/@status)"/>
    <div class="card error-panel">
      <xsl:if test="$status != ''">
        <p class="error-code">
          <span class="visually-hidden"><t:k name="error.code"/></span>
          <xsl:value-of select="$status"/>
        </p>
      </xsl:if>
      <p class="error-message">
        <xsl:choose>
          <xsl:when test="string(/page/content/@message) != ''">
            <xsl:value-of select="/page/content/@message"/>
          </xsl:when>
          <xsl:when test="$status = '400'"><t:k name="error.400"/></xsl:when>
          <xsl:when test="$status = '401'"><t:k name="error.401"/></xsl:when>
          <xsl:when test="$status = '403'"><t:k name="error.403"/></xsl:when>
          <xsl:when test="$status = '404'"><t:k name="error.404"/></xsl:when>
          <xsl:when test="$status = '405'"><t:k name="error.405"/></xsl:when>
          <xsl:when test="$status = '409'"><t:k name="error.409"/></xsl:when>
          <xsl:when test="$status = '413'"><t:k name="error.413"/></xsl:when>
          <xsl:when test="$status = '429'"><t:k name="error.429"/></xsl:when>
          <xsl:when test="$status = '503'"><t:k name="error.503"/></xsl:when>
          <xsl:otherwise><t:k name="error.other"/></xsl:otherwise>
        </xsl:choose>
      </p>
      <p class="card-actions">
        <a class="btn btn-primary" href="{$base}"><t:k name="error.back"/></a>
      </p>
    </div>
  </xsl:template>

</xsl:stylesheet>
