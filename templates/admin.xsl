<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin.xsl: what the Administrator's pages share. Each of them does
    <xsl:import href="admin.xsl"/>
  (which imports layout.xsl) and calls <xsl:call-template name="admin-nav"/>
  at the top of its body: the menu between Akun & Peran and the master
  data, the current page marked by /page/@name. Also "admin-flag", a small
  yes/no badge for @active-like values ('1' or '0'), "admin-field", one
  labelled text input with its hint and error, and "admin-active-form",
  the Nonaktifkan / Aktifkan button of a unit or platform row.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="admin-nav">
    <nav class="admin-nav" t:aria-label="admin.nav.label">
      <ul>
        <xsl:call-template name="admin-nav-item">
          <xsl:with-param name="href" select="'admin/accounts'"/>
          <xsl:with-param name="pages" select="' admin_accounts admin_account '"/>
          <xsl:with-param name="label"><t:k name="admin.nav.accounts"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-nav-item">
          <xsl:with-param name="href" select="'admin/units'"/>
          <xsl:with-param name="pages" select="' admin_units admin_unit_form admin_units_import '"/>
          <xsl:with-param name="label"><t:k name="admin.nav.units"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-nav-item">
          <xsl:with-param name="href" select="'admin/employees'"/>
          <xsl:with-param name="pages" select="' admin_employees admin_import admin_account_new '"/>
          <xsl:with-param name="label"><t:k name="admin.nav.employees"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-nav-item">
          <xsl:with-param name="href" select="'admin/platforms'"/>
          <xsl:with-param name="pages" select="' admin_platforms admin_platform_form '"/>
          <xsl:with-param name="label">Platform System</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-nav-item">
          <xsl:with-param name="href" select="'admin/stuck'"/>
          <xsl:with-param name="pages" select="' admin_stuck assign '"/>
          <xsl:with-param name="label"><t:k name="admin.nav.stuck"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-nav-item">
          <xsl:with-param name="href" select="'admin/access'"/>
          <xsl:with-param name="pages" select="' admin_access '"/>
          <xsl:with-param name="label"><t:k name="access.nav"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-nav-item">
          <xsl:with-param name="href" select="'admin/subject'"/>
          <xsl:with-param name="pages" select="' admin_subject '"/>
          <xsl:with-param name="label"><t:k name="subject.nav"/></xsl:with-param>
        </xsl:call-template>
      </ul>
    </nav>
  </xsl:template>

  <xsl:template name="admin-nav-item">
    <xsl:param name="href"/>
    <xsl:param name="pages"/>
    <xsl:param name="label"/>
    <li>
      <a href="{$base}{$href}">
        <xsl:if test="contains($pages, concat(' ', /page/@name, ' '))">
          <xsl:attribute name="aria-current">page</xsl:attribute>
        </xsl:if>
        <xsl:value-of select="$label"/>
      </a>
    </li>
  </xsl:template>

  <xsl:template name="admin-flag">
    <xsl:param name="on"/>
    <xsl:choose>
      <xsl:when test="$on = '1'"><span class="badge badge-completed"><t:k name="admin.flag.on"/></span></xsl:when>
      <xsl:otherwise><span class="badge badge-rejected"><t:k name="admin.flag.off"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One text input: label, value, hint, error (aria-describedby both). -->
  <xsl:template name="admin-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="error" select="''"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="maxlength" select="''"/>
    <xsl:param name="readonly" select="false()"/>
    <xsl:param name="inputmode" select="''"/>
    <div class="field" id="field-{$name}">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <input id="f-{$name}" name="{$name}" type="text" value="{$value}" autocomplete="off" spellcheck="false">
        <xsl:if test="$maxlength != ''"><xsl:attribute name="maxlength"><xsl:value-of select="$maxlength"/></xsl:attribute></xsl:if>
        <xsl:if test="$inputmode != ''"><xsl:attribute name="inputmode"><xsl:value-of select="$inputmode"/></xsl:attribute></xsl:if>
        <xsl:if test="$readonly"><xsl:attribute name="readonly">readonly</xsl:attribute></xsl:if>
        <xsl:if test="$error != ''"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
        <xsl:variable name="ids">
          <xsl:if test="$error != ''"><xsl:value-of select="concat('err-', $name, ' ')"/></xsl:if>
          <xsl:if test="$hint != ''"><xsl:value-of select="concat('hint-', $name)"/></xsl:if>
        </xsl:variable>
        <xsl:if test="normalize-space($ids) != ''">
          <xsl:attribute name="aria-describedby"><xsl:value-of select="normalize-space($ids)"/></xsl:attribute>
        </xsl:if>
      </input>
      <xsl:if test="$hint != ''"><span class="hint" id="hint-{$name}"><xsl:value-of select="$hint"/></span></xsl:if>
      <xsl:if test="$error != ''"><span class="field-error" id="err-{$name}"><xsl:value-of select="$error"/></span></xsl:if>
    </div>
  </xsl:template>

  <!-- Nonaktifkan or Aktifkan for the row (context node: @code @name
       @active) of list ("units" or "platforms"). -->
  <xsl:template name="admin-active-form">
    <xsl:param name="list"/>
    <form class="inline-form" method="post" action="{$base}admin/{$list}/active">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="code" value="{@code}"/>
      <xsl:choose>
        <xsl:when test="@active = '1'">
          <input type="hidden" name="active" value="0"/>
          <button type="submit" class="btn btn-outline btn-sm"><xsl:attribute name="aria-label"><t:k name="admin.deactivate"/><xsl:text> </xsl:text><xsl:value-of select="@name"/></xsl:attribute><t:k name="admin.deactivate"/></button>
        </xsl:when>
        <xsl:otherwise>
          <input type="hidden" name="active" value="1"/>
          <button type="submit" class="btn btn-outline btn-sm"><xsl:attribute name="aria-label"><t:k name="admin.activate"/><xsl:text> </xsl:text><xsl:value-of select="@name"/></xsl:attribute><t:k name="admin.activate"/></button>
        </xsl:otherwise>
      </xsl:choose>
    </form>
  </xsl:template>

  <!-- The state of an account (the context node): Aktif / Nonaktif, then Terkunci and Belum ada password when so. -->
  <xsl:template name="account-state">
    <span class="state-list">
      <xsl:call-template name="admin-flag"><xsl:with-param name="on" select="@active"/></xsl:call-template>
      <xsl:if test="@locked = '1'"><xsl:text> </xsl:text><span class="badge badge-waiting"><t:k name="admin.state.locked"/></span></xsl:if>
      <xsl:if test="@has_password = '0'"><xsl:text> </xsl:text><span class="badge badge-soon"><t:k name="admin.state.nopassword"/></span></xsl:if>
    </span>
  </xsl:template>

  <!-- Sebelumnya / Berikutnya from content/@prev_href and @next_href
       (paths from the site root). -->
  <xsl:template name="admin-pager">
    <xsl:variable name="c" select="/page/content"/>
    <xsl:if test="$c/@prev_href or $c/@next_href">
      <nav class="pager" t:aria-label="admin.pager.label">
        <xsl:choose>
          <xsl:when test="$c/@prev_href">
            <a class="btn btn-outline btn-sm pager-prev" rel="prev" href="{$base}{substring($c/@prev_href, 2)}"><span aria-hidden="true">‹ </span><t:k name="admin.pager.prev"/></a>
          </xsl:when>
          <xsl:otherwise><span class="pager-spacer"></span></xsl:otherwise>
        </xsl:choose>
        <xsl:choose>
          <xsl:when test="$c/@next_href">
            <a class="btn btn-outline btn-sm pager-next" rel="next" href="{$base}{substring($c/@next_href, 2)}"><t:k name="admin.pager.next"/><span aria-hidden="true"> ›</span></a>
          </xsl:when>
          <xsl:otherwise><span class="pager-spacer"></span></xsl:otherwise>
        </xsl:choose>
      </nav>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
