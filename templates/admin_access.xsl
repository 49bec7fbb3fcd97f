<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_access.xsl: Riwayat Akses (Administrator only): who read a ticket's
  personal data (issue 23, docs/PRIVACY.md), newest first.
  /page/content: @nomor @nopek (the filter as typed), @nomor_error
    @nopek_error, @invalid="1" (bad input: no rows), @filtered="1|0",
    @page, @prev_href, @next_href;
    read[@at @at_iso @username @nomor @kind @ip @request_id]   0..50
  @kind: ticket | attachment | export | api | subject
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="admin.xsl"/>

  <xsl:variable name="c" select="/page/content"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <p class="lead"><t:k name="access.lead"/></p>

    <section class="card filter-card" aria-labelledby="access-filter-title">
      <h2 class="filter-title" id="access-filter-title"><t:k name="access.filter.title"/></h2>
      <form class="filter-form" method="get" action="{$base}admin/access" novalidate="novalidate">
        <div class="filter-grid">
          <xsl:call-template name="admin-field">
            <xsl:with-param name="name" select="'nomor'"/>
            <xsl:with-param name="label"><t:k name="access.col.nomor"/></xsl:with-param>
            <xsl:with-param name="value" select="$c/@nomor"/>
            <xsl:with-param name="error" select="string($c/@nomor_error)"/>
            <xsl:with-param name="hint"><t:k name="access.nomor.hint"/></xsl:with-param>
            <xsl:with-param name="maxlength" select="'40'"/>
          </xsl:call-template>
          <xsl:call-template name="admin-field">
            <xsl:with-param name="name" select="'nopek'"/>
            <xsl:with-param name="label"><t:k name="access.nopek"/></xsl:with-param>
            <xsl:with-param name="value" select="$c/@nopek"/>
            <xsl:with-param name="error" select="string($c/@nopek_error)"/>
            <xsl:with-param name="hint"><t:k name="access.nopek.hint"/></xsl:with-param>
            <xsl:with-param name="maxlength" select="'20'"/>
            <xsl:with-param name="inputmode" select="'numeric'"/>
          </xsl:call-template>
          <div class="filter-actions">
            <button type="submit" class="btn btn-primary"><t:k name="access.filter.submit"/></button>
            <a class="btn btn-outline" href="{$base}admin/access"><t:k name="admin.reset"/></a>
          </div>
        </div>
      </form>
    </section>

    <xsl:choose>
      <xsl:when test="$c/@invalid = '1'">
        <div class="notice notice-error" role="alert">
          <p><t:k name="access.invalid"/></p>
        </div>
      </xsl:when>
      <xsl:when test="$c/read">
        <div class="table-wrap" role="region" aria-labelledby="access-caption" tabindex="0">
          <table class="data-table access-table">
            <caption id="access-caption" class="visually-hidden"><t:k name="access.caption"/></caption>
            <thead>
              <tr>
                <th scope="col"><t:k name="access.col.at"/></th>
                <th scope="col"><t:k name="access.col.user"/></th>
                <th scope="col"><t:k name="access.col.nomor"/></th>
                <th scope="col"><t:k name="access.col.kind"/></th>
                <th scope="col"><t:k name="access.col.ip"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="$c/read"/>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="card list-empty">
          <p class="empty-state">
            <xsl:choose>
              <xsl:when test="$c/@filtered = '1'"><t:k name="access.empty.filter"/></xsl:when>
              <xsl:otherwise><t:k name="access.empty"/></xsl:otherwise>
            </xsl:choose>
          </p>
        </div>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="admin-pager"/>
  </xsl:template>

  <xsl:template match="read">
    <tr class="access-row access-{@kind}">
      <td class="cell-date" t:data-label="access.col.at"><time datetime="{@at_iso}"><xsl:value-of select="@at"/></time></td>
      <td class="cell-username" t:data-label="access.col.user"><xsl:value-of select="@username"/></td>
      <th scope="row" class="cell-nomor" t:data-label="access.col.nomor">
        <xsl:choose>
          <xsl:when test="@request_id"><a href="{$base}requests/{@request_id}"><xsl:value-of select="@nomor"/></a></xsl:when>
          <xsl:otherwise><xsl:value-of select="@nomor"/></xsl:otherwise>
        </xsl:choose>
      </th>
      <td class="cell-kind" t:data-label="access.col.kind">
        <xsl:choose>
          <xsl:when test="@kind = 'ticket'"><t:k name="access.kind.ticket"/></xsl:when>
          <xsl:when test="@kind = 'attachment'"><t:k name="access.kind.attachment"/></xsl:when>
          <xsl:when test="@kind = 'export'"><t:k name="access.kind.export"/></xsl:when>
          <xsl:when test="@kind = 'api'"><t:k name="access.kind.api"/></xsl:when>
          <xsl:when test="@kind = 'subject'"><t:k name="access.kind.subject"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="@kind"/></xsl:otherwise>
        </xsl:choose>
      </td>
      <td class="cell-ip" t:data-label="access.col.ip"><xsl:value-of select="@ip"/></td>
    </tr>
  </xsl:template>

</xsl:stylesheet>
