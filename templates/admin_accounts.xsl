<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_accounts.xsl: Akun & Peran, the accounts (Administrator only).
  /page/content: @q (the search), @page, @prev_href, @next_href;
    account[@id @username @full_name @nopek @employee @active="1|0"
            @has_password="1|0" @locked="1|0" @last_login @last_login_iso]
      role[@code @label]   0..n
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="admin.xsl"/>

  <xsl:variable name="c" select="/page/content"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <p class="lead"><t:k name="admin.accounts.lead"/><strong><t:k name="admin.accounts.manage"/></strong><t:k name="admin.accounts.lead.after"/></p>

    <section class="card filter-card" aria-labelledby="search-title">
      <h2 class="filter-title" id="search-title"><t:k name="admin.accounts.search.title"/></h2>
      <form class="filter-form" method="get" action="{$base}admin/accounts">
        <div class="filter-grid">
          <div class="field filter-q">
            <label for="acc-q"><t:k name="admin.search"/></label>
            <input id="acc-q" name="q" type="search" value="{$c/@q}"
                   t:placeholder="admin.accounts.search.placeholder" autocomplete="off" spellcheck="false"/>
          </div>
          <div class="filter-actions">
            <button type="submit" class="btn btn-primary"><t:k name="admin.search"/></button>
            <a class="btn btn-outline" href="{$base}admin/accounts"><t:k name="admin.reset"/></a>
          </div>
        </div>
      </form>
    </section>

    <xsl:choose>
      <xsl:when test="$c/account">
        <div class="table-wrap" role="region" aria-labelledby="accounts-caption" tabindex="0">
          <table class="data-table accounts-table">
            <caption id="accounts-caption" class="visually-hidden"><t:k name="admin.accounts.caption"/></caption>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col"><t:k name="admin.col.name"/></th>
                <th scope="col"><t:k name="admin.col.employee"/></th>
                <th scope="col"><t:k name="admin.col.roles"/></th>
                <th scope="col"><t:k name="admin.col.status"/></th>
                <th scope="col"><t:k name="admin.col.last_login"/></th>
                <th scope="col"><t:k name="admin.col.action"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="$c/account"/>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="card list-empty">
          <p class="empty-state"><t:k name="admin.accounts.empty"/></p>
        </div>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="admin-pager"/>
  </xsl:template>

  <xsl:template match="account">
    <tr>
      <th scope="row" class="cell-username"><xsl:value-of select="@username"/></th>
      <td t:data-label="admin.col.name"><xsl:value-of select="@full_name"/></td>
      <td t:data-label="admin.col.employee">
        <xsl:choose>
          <xsl:when test="@nopek">
            <xsl:value-of select="@employee"/>
            <xsl:text> (</xsl:text><xsl:value-of select="@nopek"/><xsl:text>)</xsl:text>
          </xsl:when>
          <xsl:otherwise>—</xsl:otherwise>
        </xsl:choose>
      </td>
      <td class="cell-roles" t:data-label="admin.col.roles">
        <xsl:choose>
          <xsl:when test="role">
            <xsl:for-each select="role">
              <xsl:if test="position() &gt; 1">, </xsl:if>
              <xsl:value-of select="@label"/>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise>—</xsl:otherwise>
        </xsl:choose>
      </td>
      <td class="cell-state" t:data-label="admin.col.status"><xsl:call-template name="account-state"/></td>
      <td class="cell-date" t:data-label="admin.col.last_login">
        <xsl:choose>
          <xsl:when test="@last_login"><time datetime="{@last_login_iso}"><xsl:value-of select="@last_login"/></time></xsl:when>
          <xsl:otherwise><t:k name="admin.never"/></xsl:otherwise>
        </xsl:choose>
      </td>
      <td class="cell-action">
        <a class="btn btn-sm btn-primary" href="{$base}admin/accounts/{@id}"><t:k name="admin.accounts.manage"/><span class="visually-hidden"><xsl:text> </xsl:text><xsl:value-of select="@username"/></span></a>
      </td>
    </tr>
  </xsl:template>

</xsl:stylesheet>
