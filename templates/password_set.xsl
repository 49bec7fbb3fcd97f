<?xml version="1.0" encoding="UTF-8"?>
<!--
  password_set.xsl: Ubah Password, reached from the e-mailed link (manual
  Gambar 3.15). /page/content: @token, @username, @full_name, @error.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="head-extra">
    <script src="{$base}static/password.js" defer="defer"></script>
  </xsl:template>

  <xsl:template name="body">
    <xsl:variable name="c" select="/page/content"/>
    <p class="lead">
      <xsl:text><t:k name="password.set.lead"/></xsl:text>
      <strong><xsl:value-of select="$c/@full_name"/></strong>
      <xsl:text>.</xsl:text>
    </p>
    <xsl:if test="$c/@error">
      <div id="password-error" class="notice notice-error" role="alert"><xsl:value-of select="$c/@error"/></div>
    </xsl:if>
    <form class="form login-form" method="post" action="{$base}password/set">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="token" value="{$c/@token}"/>
      <div class="field">
        <label for="username">Username</label>
        <input id="username" type="text" value="{$c/@username}" readonly="readonly"
               autocomplete="username" aria-describedby="hint-username"/>
        <p class="hint" id="hint-username"><t:k name="password.set.username.hint"/></p>
      </div>
      <div class="field">
        <label for="password"><t:k name="password.set.new"/></label>
        <input id="password" name="password" type="password" autocomplete="new-password"
               required="required" minlength="12" maxlength="128" aria-describedby="hint-password">
          <xsl:if test="$c/@error">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby">hint-password password-error</xsl:attribute>
          </xsl:if>
        </input>
        <p class="hint" id="hint-password"><t:k name="password.set.new.hint"/></p>
      </div>
      <div class="field">
        <label for="password2"><t:k name="password.set.confirm"/></label>
        <input id="password2" name="password2" type="password" autocomplete="new-password"
               required="required" minlength="12" maxlength="128"/>
      </div>
      <!-- Needs JavaScript to work, so it appears only with it. -->
      <div class="field field-check" hidden="hidden" data-needs-js="1">
        <input id="show-password" type="checkbox" data-show-password="password password2"/>
        <label for="show-password"><t:k name="password.set.show"/></label>
      </div>
      <button type="submit" class="btn btn-primary btn-block"><t:k name="password.set.submit"/></button>
    </form>
  </xsl:template>
</xsl:stylesheet>
