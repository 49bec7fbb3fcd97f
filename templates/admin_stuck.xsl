<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_stuck.xsl: Tiket Tertahan (Administrator only): every waiting ticket
  nobody may act on now, computed when the page is opened.
  /page/content[@count]:
    ticket[@id @nomor @full_name @kind_label @unit_name @status
           @stage_label @reason @since @since_iso @waited]
    thin_role[@label @holders @names]   the ICT roles with at most one
                                        active holder (0: nobody)
  Each row leads to the ticket and to its Alihkan Persetujuan.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="admin.xsl"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <p class="lead"><t:k name="admin.stuck.lead"/></p>
    <xsl:choose>
      <xsl:when test="/page/content/ticket">
        <div class="table-wrap" role="region" aria-labelledby="stuck-caption" tabindex="0">
          <table class="data-table stuck-table">
            <caption id="stuck-caption" class="visually-hidden"><t:k name="admin.stuck.caption"/></caption>
            <thead>
              <tr>
                <th scope="col"><t:k name="admin.col.nomor"/></th>
                <th scope="col"><t:k name="admin.col.requester"/></th>
                <th scope="col"><t:k name="admin.col.stage"/></th>
                <th scope="col"><t:k name="admin.col.reason"/></th>
                <th scope="col"><t:k name="admin.col.since"/></th>
                <th scope="col"><span class="visually-hidden"><t:k name="admin.col.do"/></span></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="/page/content/ticket">
                <tr class="stuck-row status-{@status}">
                  <th scope="row" class="cell-nomor"><a href="{$base}requests/{@id}"><xsl:value-of select="@nomor"/></a></th>
                  <td t:data-label="admin.col.requester">
                    <xsl:value-of select="@full_name"/>
                    <span class="cell-sub"><xsl:value-of select="@kind_label"/> · <xsl:value-of select="@unit_name"/></span>
                  </td>
                  <td class="stuck-stage" t:data-label="admin.col.stage"><xsl:value-of select="@stage_label"/></td>
                  <td class="stuck-reason" t:data-label="admin.col.reason"><xsl:value-of select="@reason"/></td>
                  <td class="stuck-since" t:data-label="admin.col.since">
                    <time datetime="{@since_iso}"><xsl:value-of select="@since"/></time>
                    <span class="cell-sub stuck-waited"><xsl:value-of select="@waited"/></span>
                  </td>
                  <td><a class="btn btn-primary btn-sm" href="{$base}requests/{@id}/assign"><t:k name="admin.stuck.assign"/></a></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty-state stuck-empty"><t:k name="admin.stuck.empty"/></p>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="/page/content/thin_role">
      <section class="card stuck-ahead" aria-labelledby="ahead-title">
        <h2 id="ahead-title"><t:k name="admin.stuck.ahead"/></h2>
        <ul class="stuck-ahead-list">
          <xsl:for-each select="/page/content/thin_role">
            <li>
              <strong><xsl:value-of select="@label"/></strong>
              <xsl:text>: </xsl:text>
              <xsl:choose>
                <xsl:when test="@holders = '0'"><t:k name="admin.stuck.ahead.none"/></xsl:when>
                <xsl:otherwise><t:k name="admin.stuck.ahead.one"/><xsl:value-of select="@names"/><t:k name="admin.stuck.ahead.one.after"/></xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
