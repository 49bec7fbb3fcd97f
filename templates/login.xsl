<?xml version="1.0" encoding="UTF-8"?>
<!--
  login.xsl: Login page (manual Gambar 2.1).
  /page/content attributes (all optional):
    @next      where to go after login (hidden field "next")
    @username  username to refill after a failed attempt
    @sso       the link of "Login dengan SSO" (PservSSOLogin), if enabled
  /page/content/message  error text (role="alert"); with @type="info" or
                         "success" it is a polite status notice instead
                         (e.g. after logout or a password change).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="body">
    <xsl:variable name="c" select="/page/content"/>
    <xsl:variable name="is-error" select="$c/message and not($c/message/@type = 'info' or $c/message/@type = 'success')"/>

    <p class="lead"><t:k name="login.lead"/></p>

    <xsl:for-each select="$c/message">
      <xsl:choose>
        <xsl:when test="@type = 'info' or @type = 'success'">
          <div id="login-message" class="notice notice-{@type}" role="status"><xsl:value-of select="."/></div>
        </xsl:when>
        <xsl:otherwise>
          <div id="login-message" class="notice notice-error" role="alert"><xsl:value-of select="."/></div>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>

    <form class="form login-form" method="post" action="{$base}login">
      <xsl:call-template name="csrf-field"/>
      <xsl:if test="$c/@next">
        <input type="hidden" name="next" value="{$c/@next}"/>
      </xsl:if>

      <div class="field">
        <label for="username">Username</label>
        <input id="username" name="username" type="text" autocomplete="username"
               autocapitalize="none" spellcheck="false" required="required" value="{$c/@username}">
          <xsl:if test="$is-error">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby">login-message</xsl:attribute>
          </xsl:if>
        </input>
      </div>

      <div class="field">
        <label for="password">Password</label>
        <input id="password" name="password" type="password"
               autocomplete="current-password" required="required">
          <xsl:if test="$is-error">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby">login-message</xsl:attribute>
          </xsl:if>
        </input>
      </div>

      <p class="form-aside"><a href="{$base}password/forgot"><t:k name="login.forgot"/></a></p>

      <button type="submit" class="btn btn-primary btn-block">Login</button>
    </form>

    <xsl:if test="$c/@sso">
      <p class="login-sso"><a class="btn btn-outline btn-block" href="{$c/@sso}"><t:k name="login.sso"/></a></p>
    </xsl:if>

    <div class="login-alt">
      <p><t:k name="login.no_account"/></p>
      <a class="btn btn-outline btn-block" href="{$base}request/new">Create New Account</a>
    </div>

    <xsl:call-template name="lang-switch">
      <xsl:with-param name="class" select="'lang-switch login-lang'"/>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
