<?xml version="1.0" encoding="UTF-8"?>
<!--
  notify.xsl: Pengaturan Notifikasi (handle_notify.c). /page/content:
    @mode    the account's choice: "ticket", "digest" or "both"
    @email   the account's e-mail address ("" when it has none)
    option[@value @label]   the three choices, in order
  /page/flash: the outcome of Simpan Pengaturan, or why nothing was stored.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:variable name="c" select="/page/content"/>

  <xsl:template name="body">
    <p class="lead"><xsl:text><t:k name="notify.lead.before"/></xsl:text><strong><t:k name="notify.lead.as"/></strong><xsl:text><t:k name="notify.lead.after"/></xsl:text></p>

    <xsl:if test="$c/@email = ''">
      <p class="notice notice-warning"><t:k name="notify.no_email"/></p>
    </xsl:if>

    <section class="card" aria-labelledby="sec-notify">
      <h2 id="sec-notify"><t:k name="notify.section"/></h2>
      <form method="post" action="{$base}settings/notifications" class="notify-form">
        <xsl:call-template name="csrf-field"/>
        <fieldset class="field" id="field-notify">
          <legend><t:k name="notify.send"/></legend>
          <xsl:for-each select="$c/option">
            <div class="notify-choice">
              <label class="check" for="f-notify-{@value}">
                <input type="radio" id="f-notify-{@value}" name="notify" value="{@value}" aria-describedby="h-notify-{@value}">
                  <xsl:if test="@value = $c/@mode"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
                </input>
                <xsl:value-of select="@label"/>
              </label>
              <span class="hint" id="h-notify-{@value}">
                <xsl:choose>
                  <xsl:when test="@value = 'ticket'"><t:k name="notify.hint.ticket"/></xsl:when>
                  <xsl:when test="@value = 'digest'"><t:k name="notify.hint.digest"/></xsl:when>
                  <xsl:otherwise><t:k name="notify.hint.both"/></xsl:otherwise>
                </xsl:choose>
              </span>
            </div>
          </xsl:for-each>
        </fieldset>
        <p class="hint"><t:k name="notify.scope"/></p>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary"><t:k name="notify.save"/></button>
          <a class="btn btn-outline" href="{$base}home"><t:k name="notify.back"/></a>
        </div>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
