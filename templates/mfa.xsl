<?xml version="1.0" encoding="UTF-8"?>
<!--
  mfa.xsl: the second factor (handle_mfa.c). /page/content:
    @mode     code      Kode Verifikasi after the password
              enrol     Aktifkan Verifikasi Dua Langkah: qr[@size @path]
                        (an SVG path of the QR code's dark modules in a
                        @size units square), @secret (base32), @uri
                        (otpauth://), @username
              recovery  the ten recovery codes (code elements), shown once;
                        @next: where Lanjutkan goes
              status    the account is enrolled: @since, @left (recovery
                        codes unused)
              expired   no pending state in this browser (or it expired)
              unavailable  this server asks no second factor
    @action   where the form posts (/login/mfa or /settings/mfa)
  /page/flash: why the code was refused.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:variable name="c" select="/page/content"/>

  <xsl:template name="body">
    <xsl:choose>
      <xsl:when test="$c/@mode = 'code'">
        <p class="lead"><xsl:text><t:k name="mfa.code.lead.before"/></xsl:text><strong><xsl:value-of select="$c/@username"/></strong><xsl:text><t:k name="mfa.code.lead.after"/></xsl:text></p>
        <xsl:call-template name="code-form">
          <xsl:with-param name="button"><t:k name="mfa.code.button"/></xsl:with-param>
          <xsl:with-param name="hint"><t:k name="mfa.code.hint"/></xsl:with-param>
        </xsl:call-template>
        <p class="form-aside"><a href="{$base}login"><t:k name="mfa.code.cancel"/></a></p>
      </xsl:when>

      <xsl:when test="$c/@mode = 'enrol'">
        <p class="lead"><xsl:text><t:k name="mfa.enrol.lead.before"/></xsl:text><strong><xsl:value-of select="$c/@username"/></strong><xsl:text><t:k name="mfa.enrol.lead.after"/></xsl:text></p>
        <section class="card mfa-enrol" aria-labelledby="sec-mfa-scan">
          <h2 id="sec-mfa-scan"><t:k name="mfa.enrol.scan"/></h2>
          <p><t:k name="mfa.enrol.scan.text"/></p>
          <figure class="mfa-qr">
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {$c/qr/@size} {$c/qr/@size}" width="240" height="240" role="img" t:aria-label="mfa.enrol.qr" shape-rendering="crispEdges">
              <rect width="{$c/qr/@size}" height="{$c/qr/@size}" fill="#fff"/>
              <path d="{$c/qr/@path}" fill="#000"/>
            </svg>
          </figure>
          <p><t:k name="mfa.enrol.manual"/></p>
          <p class="mfa-secret"><code id="mfa-secret"><xsl:value-of select="$c/@secret"/></code></p>
        </section>
        <section class="card" aria-labelledby="sec-mfa-confirm">
          <h2 id="sec-mfa-confirm"><t:k name="mfa.enrol.confirm"/></h2>
          <xsl:call-template name="code-form">
            <xsl:with-param name="button"><t:k name="mfa.enrol.button"/></xsl:with-param>
            <xsl:with-param name="hint"><t:k name="mfa.enrol.hint"/></xsl:with-param>
          </xsl:call-template>
        </section>
      </xsl:when>

      <xsl:when test="$c/@mode = 'recovery'">
        <p class="notice notice-success" role="status"><t:k name="mfa.recovery.on"/></p>
        <section class="card" aria-labelledby="sec-mfa-recovery">
          <h2 id="sec-mfa-recovery"><t:k name="mfa.recovery.title"/></h2>
          <p><xsl:text><t:k name="mfa.recovery.text"/></xsl:text><strong><t:k name="mfa.recovery.once"/></strong><xsl:text><t:k name="mfa.recovery.after"/></xsl:text></p>
          <ol class="mfa-recovery-codes">
            <xsl:for-each select="$c/code">
              <li><code><xsl:value-of select="."/></code></li>
            </xsl:for-each>
          </ol>
          <div class="form-actions">
            <a class="btn btn-primary" href="{$c/@next}"><t:k name="mfa.recovery.continue"/></a>
          </div>
        </section>
      </xsl:when>

      <xsl:when test="$c/@mode = 'status'">
        <p class="notice notice-success" role="status"><xsl:text><t:k name="mfa.status.before"/></xsl:text><xsl:value-of select="$c/@since"/><xsl:text><t:k name="mfa.status.after"/></xsl:text></p>
        <p><xsl:text><t:k name="mfa.status.left.before"/></xsl:text><strong><xsl:value-of select="$c/@left"/></strong><xsl:text><t:k name="mfa.status.left.after"/></xsl:text></p>
        <p class="hint"><t:k name="mfa.status.hint"/></p>
        <div class="form-actions">
          <a class="btn btn-outline" href="{$base}home"><t:k name="mfa.back"/></a>
        </div>
      </xsl:when>

      <xsl:when test="$c/@mode = 'unavailable'">
        <p class="notice notice-info" role="status"><t:k name="mfa.unavailable"/></p>
      </xsl:when>

      <xsl:otherwise>
        <p class="notice notice-error" role="alert"><t:k name="mfa.expired"/></p>
        <div class="form-actions">
          <a class="btn btn-primary" href="{$base}login">Login</a>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="code-form">
    <xsl:param name="button"/>
    <xsl:param name="hint"/>
    <form class="form mfa-form" method="post" action="{$c/@action}">
      <xsl:call-template name="csrf-field"/>
      <div class="field">
        <label for="code"><t:k name="mfa.code.label"/></label>
        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
               autocapitalize="none" spellcheck="false" required="required" maxlength="20"
               aria-describedby="code-hint" autofocus="autofocus">
          <xsl:if test="/page/flash">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
          </xsl:if>
        </input>
        <span class="hint" id="code-hint"><xsl:value-of select="$hint"/></span>
      </div>
      <button type="submit" class="btn btn-primary"><xsl:value-of select="$button"/></button>
    </form>
  </xsl:template>
</xsl:stylesheet>
