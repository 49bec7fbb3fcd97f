<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_employees.xsl: the HR master, read-only, a page at a time, with a
  search by nopek or name (Administrator only). /page/content: @q,
  @prev_href, @next_href;
    employee[@nopek @full_name @position @email @unit_code @unit_name
             @supervisor_nopek @supervisor_name @employment_type
             @active="1|0" @account_id @account]   @account: the
             username of the employee's account (an active one first);
             without one, an active employee gets the Buat Akun button
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="admin.xsl"/>

  <xsl:variable name="c" select="/page/content"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <p class="lead"><t:k name="admin.employees.lead"/><a href="{$base}admin/employees/import"><t:k name="admin.import.csv"/></a><t:k name="admin.employees.lead.or"/><code>pserv-admin import</code>.</p>

    <section class="card filter-card" aria-labelledby="search-title">
      <h2 class="filter-title" id="search-title"><t:k name="admin.employees.search.title"/></h2>
      <form class="filter-form" method="get" action="{$base}admin/employees">
        <div class="filter-grid">
          <div class="field filter-q">
            <label for="emp-q"><t:k name="admin.employees.search.label"/></label>
            <input id="emp-q" name="q" type="search" value="{$c/@q}" autocomplete="off" spellcheck="false"/>
          </div>
          <div class="filter-actions">
            <button type="submit" class="btn btn-primary"><t:k name="admin.search"/></button>
            <a class="btn btn-outline" href="{$base}admin/employees"><t:k name="admin.reset"/></a>
            <a class="btn btn-outline" href="{$base}admin/employees/import"><t:k name="admin.import.csv"/></a>
          </div>
        </div>
      </form>
    </section>

    <xsl:choose>
      <xsl:when test="$c/employee">
        <div class="table-wrap" role="region" aria-labelledby="employees-caption" tabindex="0">
          <table class="data-table employees-table">
            <caption id="employees-caption" class="visually-hidden"><t:k name="admin.employees.caption"/></caption>
            <thead>
              <tr>
                <th scope="col"><t:k name="admin.col.nopek"/></th>
                <th scope="col"><t:k name="admin.col.full_name"/></th>
                <th scope="col"><t:k name="admin.col.position"/></th>
                <th scope="col"><t:k name="admin.col.email"/></th>
                <th scope="col"><t:k name="admin.col.unit"/></th>
                <th scope="col"><t:k name="admin.col.atasan"/></th>
                <th scope="col"><t:k name="admin.col.employment"/></th>
                <th scope="col"><t:k name="admin.col.status"/></th>
                <th scope="col"><t:k name="admin.col.account"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$c/employee">
                <tr>
                  <th scope="row"><xsl:value-of select="@nopek"/></th>
                  <td t:data-label="admin.col.full_name"><xsl:value-of select="@full_name"/></td>
                  <td t:data-label="admin.col.position"><xsl:value-of select="@position"/></td>
                  <td t:data-label="admin.col.email"><xsl:value-of select="@email"/></td>
                  <td t:data-label="admin.col.unit"><xsl:value-of select="@unit_name"/></td>
                  <td t:data-label="admin.col.atasan">
                    <xsl:choose>
                      <xsl:when test="@supervisor_nopek"><xsl:value-of select="@supervisor_name"/> (<xsl:value-of select="@supervisor_nopek"/>)</xsl:when>
                      <xsl:otherwise>—</xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td t:data-label="admin.col.employment"><xsl:value-of select="@employment_type"/></td>
                  <td t:data-label="admin.col.status"><xsl:call-template name="admin-flag"><xsl:with-param name="on" select="@active"/></xsl:call-template></td>
                  <td class="row-actions">
                    <xsl:choose>
                      <xsl:when test="@account_id"><a class="employee-account" href="{$base}admin/accounts/{@account_id}"><xsl:value-of select="@account"/></a></xsl:when>
                      <xsl:when test="@active = '1'">
                        <form class="inline-form" method="post" action="{$base}admin/employees/account">
                          <xsl:call-template name="csrf-field"/>
                          <input type="hidden" name="nopek" value="{@nopek}"/>
                          <button type="submit" class="btn btn-outline btn-sm"><xsl:attribute name="aria-label"><t:k name="admin.employees.create.for"/><xsl:value-of select="@full_name"/></xsl:attribute><t:k name="admin.newacct.create"/></button>
                        </form>
                      </xsl:when>
                      <xsl:otherwise>—</xsl:otherwise>
                    </xsl:choose>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="card list-empty">
          <p class="empty-state"><t:k name="admin.employees.empty"/></p>
        </div>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="admin-pager"/>
  </xsl:template>
</xsl:stylesheet>
