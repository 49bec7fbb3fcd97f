<?xml version="1.0" encoding="UTF-8"?>
<!--
  password_forgot.xsl: Lupa Password? /page/content/message (@type error or
  success) after a request.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="body">
    <xsl:variable name="c" select="/page/content"/>
    <p class="lead"><t:k name="password.forgot.lead"/></p>
    <xsl:for-each select="$c/message">
      <xsl:choose>
        <xsl:when test="@type = 'success'">
          <div class="notice notice-success" role="status"><xsl:value-of select="."/></div>
        </xsl:when>
        <xsl:otherwise>
          <div class="notice notice-error" role="alert"><xsl:value-of select="."/></div>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
    <form class="form login-form" method="post" action="{$base}password/forgot">
      <xsl:call-template name="csrf-field"/>
      <div class="field">
        <label for="login"><t:k name="password.forgot.login"/></label>
        <input id="login" name="login" type="text" autocomplete="username"
               autocapitalize="none" spellcheck="false" required="required" maxlength="254"/>
      </div>
      <button type="submit" class="btn btn-primary btn-block"><t:k name="password.forgot.send"/></button>
    </form>
    <p class="form-aside"><a href="{$base}login"><t:k name="password.forgot.back"/></a></p>
  </xsl:template>
</xsl:stylesheet>
