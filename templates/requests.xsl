<?xml version="1.0" encoding="UTF-8"?>
<!--
  requests.xsl: Request UID Management System, the list of tickets with
  filters and paging (manual Gambar 4.5 - 4.7). /page/content:
    @page @page_size @has_prev="0|1" @has_next="0|1" @prev_href @next_href
    @empty        text of the empty state (a default is used if absent)
    @export_href  "/requests/export?..." with the filter in force (Unduh CSV)
    filter[@status @kind @from @to @q @sort @size]   current values
    statuses/status[@code @label]   options of "Status" ("" = all)
    kinds/kind[@code @label]        options of "Jenis User ID" ("" = all)
    request[@id @nomor @created @created_iso @full_name @kind_label
            @unit_name @platforms @status @status_label @acting]   0..n rows
    @bulk         "verificator" or "manager" when the user holds that stage's
                  role and the filter shows it: a checkbox per row and
                  Approve Terpilih / Reject Terpilih (POST /requests/bulk,
                  bulk.xsl; static/bulk.js asks in a dialog first)
  Below 640 px each row is a card (Nomor, name, Jenis User ID, status,
  date, Open) and the filter a closed disclosure saying the filter in force.
  @acting: what the user acts by on that row ("atas nama Rina Wulandari"
  for a delegation, "Dialihkan" for Alihkan Persetujuan), shown as a marker
  in the Status cell; absent otherwise.
  @status is the status code (atasan, verificator, manager, executor,
  completed, rejected); the badge colour follows it (status-badge helper).
  prev_href/next_href are paths from the site root ("/requests?..."): they
  are used as given when they already start with the mount point, else the
  mount point (meta/@base) replaces their leading "/".
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:variable name="c" select="/page/content"/>
  <xsl:variable name="f" select="/page/content/filter"/>
  <xsl:variable name="bulk" select="string(/page/content/@bulk)"/>

  <xsl:template name="head-extra">
    <xsl:if test="$bulk != ''">
      <script src="{$base}static/bulk.js" defer="defer"></script>
    </xsl:if>
  </xsl:template>

  <xsl:template name="default-crumbs">
    <xsl:call-template name="crumb-trail">
      <xsl:with-param name="href1" select="'home'"/>
      <xsl:with-param name="href2" select="'helpdesk'"/>
      <xsl:with-param name="label2">ICT Helpdesk</xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="body">
    <xsl:variable name="rows" select="$c/request"/>

    <p class="lead"><t:k name="list.lead"/><strong>Open</strong><t:k name="list.lead.after"/></p>

    <xsl:call-template name="filter-form"/>

    <xsl:choose>
      <xsl:when test="$rows">
        <div class="list-toolbar">
          <p class="table-count" id="requests-count">
            <xsl:text><t:k name="list.count"/></xsl:text>
            <xsl:value-of select="count($rows)"/>
            <xsl:text><t:k name="list.count.after"/></xsl:text>
            <xsl:if test="string($c/@page) != ''">
              <xsl:text><t:k name="list.count.page"/></xsl:text>
              <xsl:value-of select="$c/@page"/>
            </xsl:if>
            <xsl:text>.</xsl:text>
          </p>
          <xsl:if test="string($c/@export_href) != ''">
            <!-- A plain link: the filter in force, every page of it. -->
            <a class="btn btn-outline btn-sm list-export" id="requests-export"
               t:title="list.export.title">
              <xsl:attribute name="href"><xsl:call-template name="site-href"><xsl:with-param name="h" select="$c/@export_href"/></xsl:call-template></xsl:attribute>
              <xsl:text><t:k name="list.export"/></xsl:text>
            </a>
          </xsl:if>
        </div>
        <xsl:choose>
          <xsl:when test="$bulk != ''">
            <form class="bulk-form" id="bulk-form" method="post" action="{$base}requests/bulk"
                  data-dialog="bulk-dialog">
              <xsl:call-template name="csrf-field"/>
              <input type="hidden" name="status" value="{$bulk}"/>
              <xsl:call-template name="table"/>
              <xsl:call-template name="bulk-bar"/>
            </form>
            <xsl:call-template name="bulk-dialog"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="table"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <div class="card list-empty">
          <span class="list-empty-icon" aria-hidden="true"></span>
          <p class="empty-state">
            <xsl:choose>
              <xsl:when test="string($c/@empty) != ''"><xsl:value-of select="$c/@empty"/></xsl:when>
              <xsl:otherwise><t:k name="list.empty"/></xsl:otherwise>
            </xsl:choose>
          </p>
          <xsl:if test="not(contains(translate($c/@empty, 'FILTER', 'filter'), 'filter'))">
            <p class="empty-hint"><t:k name="list.empty.hint"/></p>
          </xsl:if>
        </div>
      </xsl:otherwise>
    </xsl:choose>

    <xsl:call-template name="pager"/>
  </xsl:template>

  <!-- ================================================================= table -->
  <xsl:template name="table">
        <div class="table-wrap" role="region" aria-labelledby="requests-caption" tabindex="0">
          <table class="data-table requests-table">
            <caption id="requests-caption" class="visually-hidden"><t:k name="list.caption"/></caption>
            <thead>
              <tr>
                <xsl:if test="$bulk != ''">
                  <th scope="col" class="cell-pick"><span class="visually-hidden"><t:k name="list.pick"/></span></th>
                </xsl:if>
                <th scope="col"><t:k name="list.col.nomor"/></th>
                <th scope="col"><t:k name="list.col.created"/></th>
                <th scope="col"><t:k name="list.col.name"/></th>
                <th scope="col"><t:k name="list.col.kind"/></th>
                <th scope="col"><t:k name="list.col.unit"/></th>
                <th scope="col">Platform System</th>
                <th scope="col"><t:k name="list.col.status"/></th>
                <th scope="col"><t:k name="list.col.action"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="$c/request"/>
            </tbody>
          </table>
        </div>
  </xsl:template>

  <!-- ============================================ Approve / Reject Terpilih -->
  <xsl:template name="bulk-bar">
    <section class="card bulk-bar" aria-labelledby="bulk-title">
      <h2 class="bulk-title" id="bulk-title"><t:k name="list.bulk.title"/></h2>
      <p class="hint" id="bulk-hint">
        <xsl:text><t:k name="list.bulk.hint"/></xsl:text>
        <xsl:value-of select="$c/statuses/status[@code = $bulk]/@label"/>
        <xsl:text><t:k name="list.bulk.hint.after"/></xsl:text>
      </p>
      <div class="field">
        <label for="bulk-reason"><t:k name="list.bulk.reason"/></label>
        <textarea id="bulk-reason" name="reason" rows="2" required="required"
                  aria-describedby="bulk-hint" t:data-missing="list.bulk.reason.missing"></textarea>
      </div>
      <div class="form-actions bulk-actions">
        <button type="submit" name="decision" value="{'approve'}" class="btn btn-success"><t:k name="list.bulk.approve"/></button>
        <button type="submit" name="decision" value="{'reject'}" class="btn btn-danger"><t:k name="list.bulk.reject"/></button>
      </div>
    </section>
  </xsl:template>

  <!-- Shown by static/bulk.js: the Nomors ticked, then confirm=1. -->
  <xsl:template name="bulk-dialog">
    <dialog id="bulk-dialog" class="confirm-dialog" aria-labelledby="bulk-dialog-title"
            aria-describedby="bulk-dialog-question"
            t:data-q-approve="list.dialog.q.approve"
            t:data-q-reject="list.dialog.q.reject"
            t:data-yes-approve="list.dialog.yes.approve"
            t:data-yes-reject="list.dialog.yes.reject"
            t:data-none="list.dialog.none"
            t:data-too-many="list.dialog.too-many"
            t:data-pick-all="list.dialog.pick-all">
      <h2 id="bulk-dialog-title" class="confirm-dialog-title"><t:k name="list.dialog.title"/></h2>
      <p id="bulk-dialog-question" class="confirm-dialog-question"></p>
      <ul class="bulk-nomors bulk-dialog-nomors"></ul>
      <div class="confirm-dialog-actions">
        <button type="button" class="btn btn-primary" data-dialog-yes=""><t:k name="list.dialog.yes"/></button>
        <button type="button" class="btn btn-outline" data-dialog-cancel=""><t:k name="list.dialog.cancel"/></button>
      </div>
    </dialog>
  </xsl:template>

  <!-- ================================================================ filter -->
  <xsl:template name="filter-form">
    <section class="card filter-card" aria-labelledby="filter-title">
      <h2 class="filter-title" id="filter-title"><t:k name="list.filter.title"/></h2>
      <!-- Open at every width but a phone's (pserv.css: ::details-content;
           pserv.js opens it where that is not understood). -->
      <details class="filter-disclosure">
      <summary class="filter-summary">
        <span class="filter-summary-label"><t:k name="list.filter"/></span>
        <span class="filter-in-force"><xsl:call-template name="filter-in-force"/></span>
      </summary>
      <form class="filter-form" method="get" action="{$base}requests">
        <div class="filter-grid">
          <div class="field filter-status">
            <label for="flt-status"><t:k name="list.col.status"/></label>
            <select id="flt-status" name="status" aria-describedby="flt-status-hint">
              <xsl:for-each select="$c/statuses/status">
                <option value="{@code}">
                  <xsl:if test="string(@code) = string($f/@status)"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                  <xsl:value-of select="@label"/>
                </option>
              </xsl:for-each>
            </select>
            <p class="hint" id="flt-status-hint"><t:k name="list.filter.status.hint"/></p>
          </div>
          <div class="field filter-kind">
            <label for="flt-kind"><t:k name="list.col.kind"/></label>
            <select id="flt-kind" name="kind">
              <xsl:for-each select="$c/kinds/kind">
                <option value="{@code}">
                  <xsl:if test="string(@code) = string($f/@kind)"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                  <xsl:value-of select="@label"/>
                </option>
              </xsl:for-each>
            </select>
          </div>
          <div class="field filter-date">
            <label for="flt-from"><t:k name="list.filter.from"/></label>
            <input id="flt-from" name="from" type="date" value="{$f/@from}"/>
          </div>
          <div class="field filter-date">
            <label for="flt-to"><t:k name="list.filter.to"/></label>
            <input id="flt-to" name="to" type="date" value="{$f/@to}"/>
          </div>
          <div class="field filter-q">
            <label for="flt-q"><t:k name="list.filter.q"/></label>
            <input id="flt-q" name="q" type="search" value="{$f/@q}"
                   t:placeholder="list.filter.q.placeholder" autocomplete="off" spellcheck="false"
                   aria-describedby="flt-status-hint"/>
          </div>
          <div class="field filter-sort">
            <label for="flt-sort"><t:k name="list.filter.sort"/></label>
            <select id="flt-sort" name="sort">
              <option value="desc">
                <xsl:if test="not($f/@sort = 'asc')"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                <xsl:text><t:k name="list.filter.newest"/></xsl:text>
              </option>
              <option value="asc">
                <xsl:if test="$f/@sort = 'asc'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                <xsl:text><t:k name="list.filter.oldest"/></xsl:text>
              </option>
            </select>
          </div>
          <div class="field filter-size">
            <label for="flt-size"><t:k name="list.filter.size"/></label>
            <xsl:variable name="size">
              <xsl:choose>
                <xsl:when test="string($f/@size) != ''"><xsl:value-of select="$f/@size"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="$c/@page_size"/></xsl:otherwise>
              </xsl:choose>
            </xsl:variable>
            <select id="flt-size" name="size">
              <xsl:call-template name="size-option"><xsl:with-param name="n" select="'10'"/><xsl:with-param name="size" select="$size"/></xsl:call-template>
              <xsl:call-template name="size-option"><xsl:with-param name="n" select="'25'"/><xsl:with-param name="size" select="$size"/></xsl:call-template>
              <xsl:call-template name="size-option"><xsl:with-param name="n" select="'50'"/><xsl:with-param name="size" select="$size"/></xsl:call-template>
              <xsl:call-template name="size-option"><xsl:with-param name="n" select="'100'"/><xsl:with-param name="size" select="$size"/></xsl:call-template>
            </select>
          </div>
          <div class="filter-actions">
            <button type="submit" class="btn btn-primary"><t:k name="list.filter.apply"/></button>
            <a class="btn btn-outline" href="{$base}requests?status="><t:k name="list.filter.reset"/></a>
          </div>
        </div>
      </form>
      </details>
    </section>
  </xsl:template>

  <!-- The filter in force in one line: "Waiting ICT Verificator · Semua
       Jenis · Terbaru". -->
  <xsl:template name="filter-in-force">
    <xsl:variable name="st" select="$c/statuses/status[string(@code) = string($f/@status)]/@label"/>
    <xsl:variable name="kd" select="$c/kinds/kind[string(@code) = string($f/@kind)]/@label"/>
    <xsl:choose>
      <xsl:when test="$st"><xsl:value-of select="$st"/></xsl:when>
      <xsl:otherwise><t:k name="list.filter.all-status"/></xsl:otherwise>
    </xsl:choose>
    <xsl:text> · </xsl:text>
    <xsl:choose>
      <xsl:when test="$kd"><xsl:value-of select="$kd"/></xsl:when>
      <xsl:otherwise><t:k name="list.filter.all-kinds"/></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="string($f/@from) != '' or string($f/@to) != ''">
      <xsl:text> · </xsl:text>
      <xsl:value-of select="$f/@from"/>
      <xsl:text> – </xsl:text>
      <xsl:value-of select="$f/@to"/>
    </xsl:if>
    <xsl:if test="string($f/@q) != ''">
      <xsl:text> · “</xsl:text><xsl:value-of select="$f/@q"/><xsl:text>”</xsl:text>
    </xsl:if>
    <xsl:text> · </xsl:text>
    <xsl:choose>
      <xsl:when test="$f/@sort = 'asc'"><t:k name="list.filter.oldest"/></xsl:when>
      <xsl:otherwise><t:k name="list.filter.newest"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="size-option">
    <xsl:param name="n"/>
    <xsl:param name="size"/>
    <option value="{$n}">
      <xsl:if test="string($size) = $n"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
      <xsl:value-of select="$n"/>
      <xsl:text><t:k name="list.filter.per-page"/></xsl:text>
    </option>
  </xsl:template>

  <!-- ================================================================= rows -->
  <xsl:template match="request">
    <tr>
      <xsl:if test="string(@acting) != ''"><xsl:attribute name="class">row-acting</xsl:attribute></xsl:if>
      <xsl:if test="$bulk != ''">
        <td class="cell-pick">
          <input type="checkbox" name="id" value="{@id}" id="pick-{@id}" data-nomor="{@nomor}"/>
          <label for="pick-{@id}" class="visually-hidden"><t:k name="list.pick.one"/><xsl:value-of select="@nomor"/></label>
        </td>
      </xsl:if>
      <th scope="row" class="cell-nomor"><xsl:value-of select="@nomor"/></th>
      <td class="cell-date">
        <time datetime="{@created_iso}"><xsl:value-of select="@created"/></time>
      </td>
      <td class="cell-name">
        <xsl:choose>
          <xsl:when test="@full_name"><xsl:value-of select="@full_name"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
        </xsl:choose>
      </td>
      <td class="cell-kind"><xsl:value-of select="@kind_label"/></td>
      <td class="cell-unit"><xsl:value-of select="@unit_name"/></td>
      <td class="cell-platforms"><xsl:value-of select="@platforms"/></td>
      <td class="cell-status status-{@status}">
        <xsl:call-template name="status-badge"/>
        <xsl:if test="string(@acting) != ''">
          <span class="badge badge-acting acting-marker" t:title="list.acting.title">
            <xsl:choose>
              <xsl:when test="@acting_via = 'delegate'"><t:k name="list.acting.delegate"/></xsl:when>
              <xsl:otherwise/>
            </xsl:choose>
            <xsl:value-of select="@acting"/>
          </span>
        </xsl:if>
      </td>
      <td class="cell-action"><a class="btn btn-sm btn-primary" href="{$base}requests/{@id}">Open<span class="visually-hidden"><xsl:text> </xsl:text><xsl:value-of select="@nomor"/></span></a></td>
    </tr>
  </xsl:template>

  <!-- ================================================================ paging -->
  <xsl:template name="pager">
    <xsl:if test="$c/@has_prev = '1' or $c/@has_next = '1' or ($c/request and string($c/@page) != '')">
      <nav class="pager" t:aria-label="list.pager">
        <xsl:choose>
          <xsl:when test="$c/@has_prev = '1'">
            <a class="btn btn-outline btn-sm pager-prev" rel="prev">
              <xsl:attribute name="href"><xsl:call-template name="site-href"><xsl:with-param name="h" select="$c/@prev_href"/></xsl:call-template></xsl:attribute>
              <span aria-hidden="true">‹ </span><t:k name="list.pager.prev"/></a>
          </xsl:when>
          <xsl:otherwise><span class="pager-spacer"></span></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="string($c/@page) != ''">
          <p class="pager-current">
            <xsl:text><t:k name="list.pager.page"/></xsl:text>
            <xsl:value-of select="$c/@page"/>
          </p>
        </xsl:if>
        <xsl:choose>
          <xsl:when test="$c/@has_next = '1'">
            <a class="btn btn-outline btn-sm pager-next" rel="next">
              <xsl:attribute name="href"><xsl:call-template name="site-href"><xsl:with-param name="h" select="$c/@next_href"/></xsl:call-template></xsl:attribute>
              <xsl:text><t:k name="list.pager.next"/></xsl:text><span aria-hidden="true"> ›</span></a>
          </xsl:when>
          <xsl:otherwise><span class="pager-spacer"></span></xsl:otherwise>
        </xsl:choose>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- A path from the site root ("/requests?...") under the mount point. -->
  <xsl:template name="site-href">
    <xsl:param name="h"/>
    <xsl:choose>
      <xsl:when test="starts-with($h, $base)"><xsl:value-of select="$h"/></xsl:when>
      <xsl:when test="starts-with($h, '/')"><xsl:value-of select="concat($base, substring($h, 2))"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$h"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
