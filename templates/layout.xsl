<?xml version="1.0" encoding="UTF-8"?>
<!--
  layout.xsl: the shared P-Serv page shell. Every page stylesheet does
    <xsl:import href="layout.xsl"/>
  and defines <xsl:template name="body"> (the page content below the <h1>).
  Optional hooks a page may override: "default-crumbs" (breadcrumb used when
  the document has no /page/crumbs) and "head-extra" (more <link>/<meta>).
  Input contract: see README.md in this folder.
  XSLT 1.0 only (libxslt), no extensions. No inline script/style (CSP).
  Texts: <t:k name="KEY"/> and t:ATTR="KEY" take the text of KEY from the
  catalogue of the language being compiled (i18n/CODE.xml; mod_pserv/view.c,
  docs/TRANSLATING.md).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">

  <xsl:output method="html" encoding="UTF-8" indent="no"
              doctype-system="about:legacy-compat"/>

  <!-- Mount point of the application, always ending in "/" ("/" by default). -->
  <xsl:variable name="base">
    <xsl:variable name="b" select="string(/page/meta/@base)"/>
    <xsl:choose>
      <xsl:when test="$b = ''">/</xsl:when>
      <xsl:when test="substring($b, string-length($b)) = '/'"><xsl:value-of select="$b"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($b, '/')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:variable name="csrf" select="string(/page/meta/@csrf)"/>

  <!-- The language this stylesheet was compiled for ("id", "en"). -->
  <xsl:variable name="page-lang"><t:k name="lang"/></xsl:variable>

  <!-- ===================================================== page shell -->
  <xsl:template match="/">
    <html t:lang="lang">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex, nofollow"/>
        <meta name="color-scheme" content="light"/>
        <title><xsl:value-of select="/page/@title"/> — P-Serv</title>
        <link rel="icon" type="image/svg+xml" href="{$base}static/logo.svg"/>
        <link rel="stylesheet" href="{$base}static/pserv.css"/>
        <script src="{$base}static/pserv.js" defer="defer"></script>
        <xsl:call-template name="head-extra"/>
      </head>
      <body class="page-{/page/@name}">
        <a class="skip-link" href="#main"><t:k name="layout.skip"/></a>

        <header class="site-header">
          <div class="container header-inner">
            <a class="brand" href="{$base}">
              <img class="brand-logo" src="{$base}static/logo.svg" alt="" width="40" height="40"/>
              <span class="brand-text">
                <span class="brand-name">P-Serv</span>
                <span class="brand-tag">Perwira PTPR Service</span>
              </span>
            </a>
            <xsl:call-template name="lang-switch"/>
            <xsl:apply-templates select="/page/user" mode="user-menu"/>
          </div>
        </header>

        <main id="main" class="site-main" tabindex="-1">
          <div class="container main-inner">
            <xsl:call-template name="breadcrumbs"/>
            <h1 class="page-title"><xsl:value-of select="/page/@title"/></h1>
            <xsl:apply-templates select="/page/flash" mode="flash"/>
            <xsl:call-template name="body"/>
          </div>
        </main>

        <footer class="site-footer">
          <div class="container footer-inner">
            <p>
              <span class="footer-brand">P-Serv</span>
              <xsl:text> · PT Pertamina Retail</xsl:text>
              <xsl:if test="/page/meta/@year">
                <xsl:text> · © </xsl:text>
                <xsl:value-of select="/page/meta/@year"/>
              </xsl:if>
            </p>
            <p class="footer-note"><t:k name="layout.footer.note"/></p>
          </div>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- ============================================ hooks pages override -->
  <xsl:template name="body"/>
  <xsl:template name="head-extra"/>
  <xsl:template name="default-crumbs"/>

  <!-- ======================================================= user menu -->
  <xsl:template match="user" mode="user-menu">
    <details class="user-menu">
      <summary class="user-menu-toggle"><xsl:value-of select="@name"/></summary>
      <div class="user-menu-panel">
        <p class="user-menu-name"><xsl:value-of select="@name"/></p>
        <p class="user-menu-username"><xsl:value-of select="@username"/></p>
        <xsl:if test="role">
          <ul class="user-menu-roles" t:aria-label="layout.roles">
            <xsl:for-each select="role">
              <li><xsl:value-of select="@label"/></li>
            </xsl:for-each>
          </ul>
        </xsl:if>
        <xsl:if test="@delegations = '1'">
          <p class="user-menu-link"><a href="{$base}delegations"><t:k name="layout.menu.delegations"/></a></p>
        </xsl:if>
        <p class="user-menu-link"><a href="{$base}settings/notifications"><t:k name="layout.menu.notifications"/></a></p>
        <xsl:choose>
          <xsl:when test="@mfa = 'off'">
            <p class="user-menu-link"><a href="{$base}settings/mfa"><t:k name="layout.menu.mfa.enable"/></a></p>
          </xsl:when>
          <xsl:when test="@mfa = 'on'">
            <p class="user-menu-link"><a href="{$base}settings/mfa"><t:k name="layout.menu.mfa"/></a></p>
          </xsl:when>
        </xsl:choose>
        <form class="user-menu-logout" method="post" action="{$base}logout">
          <xsl:call-template name="csrf-field"/>
          <button type="submit" class="btn btn-outline btn-block">Logout</button>
        </form>
      </div>
    </details>
  </xsl:template>

  <!-- =================================================== language switch -->
  <!-- Bahasa / English: plain links (no JavaScript) to /lang/CODE, which
       remembers the choice and comes back to this page (its Referer; the
       links name no page, so a page with a token in its address does not
       repeat it, and every page's header is the same). Each language is
       named in itself; the page's own is marked aria-current. -->
  <xsl:template name="lang-switch">
    <xsl:param name="class" select="'lang-switch'"/>
    <nav class="{$class}" t:aria-label="layout.language">
      <a href="{$base}lang/id" hreflang="id" lang="id">
        <xsl:if test="$page-lang = 'id'">
          <xsl:attribute name="aria-current">true</xsl:attribute>
        </xsl:if>
        <xsl:text>Bahasa</xsl:text>
      </a>
      <xsl:text> / </xsl:text>
      <a href="{$base}lang/en" hreflang="en" lang="en">
        <xsl:if test="$page-lang = 'en'">
          <xsl:attribute name="aria-current">true</xsl:attribute>
        </xsl:if>
        <xsl:text>English</xsl:text>
      </a>
    </nav>
  </xsl:template>

  <!-- ===================================================== breadcrumbs -->
  <!-- /page/crumbs/crumb[@href] are links; a crumb without @href is the
       current page. If the last crumb has an @href, the page title is
       appended as the current page. Without /page/crumbs the page's
       "default-crumbs" template is used (empty by default). -->
  <xsl:template name="breadcrumbs">
    <xsl:choose>
      <xsl:when test="/page/crumbs/crumb">
        <nav class="crumbs" aria-label="Breadcrumb">
          <ol>
            <xsl:for-each select="/page/crumbs/crumb">
              <xsl:choose>
                <xsl:when test="@href">
                  <li><a href="{@href}"><xsl:value-of select="."/></a></li>
                </xsl:when>
                <xsl:otherwise>
                  <li aria-current="page"><xsl:value-of select="."/></li>
                </xsl:otherwise>
              </xsl:choose>
            </xsl:for-each>
            <xsl:if test="/page/crumbs/crumb[last()]/@href">
              <li aria-current="page"><xsl:value-of select="/page/@title"/></li>
            </xsl:if>
          </ol>
        </nav>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="default-crumbs"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Helper for pages' default-crumbs: up to two ancestors, then the
       page title. Paths are relative to $base ('' = Halaman Utama). -->
  <xsl:template name="crumb-trail">
    <xsl:param name="href1" select="'home'"/>
    <xsl:param name="label1"><t:k name="layout.home"/></xsl:param>
    <xsl:param name="href2"/>
    <xsl:param name="label2"/>
    <nav class="crumbs" aria-label="Breadcrumb">
      <ol>
        <li><a href="{$base}{$href1}"><xsl:value-of select="$label1"/></a></li>
        <xsl:if test="string($label2) != ''">
          <li><a href="{$base}{$href2}"><xsl:value-of select="$label2"/></a></li>
        </xsl:if>
        <li aria-current="page"><xsl:value-of select="/page/@title"/></li>
      </ol>
    </nav>
  </xsl:template>

  <!-- ========================================================= helpers -->
  <xsl:template name="csrf-field">
    <input type="hidden" name="csrf" value="{$csrf}"/>
  </xsl:template>

  <!-- Optional one-off notice: <flash type="success|info|error">text</flash> -->
  <xsl:template match="flash" mode="flash">
    <xsl:variable name="type">
      <xsl:choose>
        <xsl:when test="@type = 'success' or @type = 'info' or @type = 'error'"><xsl:value-of select="@type"/></xsl:when>
        <xsl:otherwise>info</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <div class="notice notice-{$type}">
      <xsl:attribute name="role">
        <xsl:choose>
          <xsl:when test="$type = 'error'">alert</xsl:when>
          <xsl:otherwise>status</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:value-of select="."/>
    </div>
  </xsl:template>

  <!-- Status badge. param status = machine code (waiting_*, completed,
       rejected, returned, cancelled), param label = text shown (the exact status text). -->
  <xsl:template name="status-badge">
    <xsl:param name="status" select="@status"/>
    <xsl:param name="label" select="@status_label"/>
    <xsl:variable name="s" select="translate($status, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"/>
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="contains($s, 'reject')">rejected</xsl:when>
        <xsl:when test="contains($s, 'complet')">completed</xsl:when>
        <xsl:when test="contains($s, 'return')">returned</xsl:when>
        <xsl:when test="contains($s, 'cancel')">cancelled</xsl:when>
        <xsl:otherwise>waiting</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <span class="badge badge-{$kind}">
      <xsl:choose>
        <xsl:when test="string($label) != ''"><xsl:value-of select="$label"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$status"/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

</xsl:stylesheet>
