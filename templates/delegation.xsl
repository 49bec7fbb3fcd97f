<?xml version="1.0" encoding="UTF-8"?>
<!--
  delegation.xsl: Delegasi Persetujuan (handle_delegation.c). /page/content:
    @mode         "self" (the user's own page), "admin" (an Administrator
                  sets one for the account), "confirm" (Akhiri Delegasi
                  without JavaScript)
    self, admin:  @action ("/delegations" or "/admin/accounts/N/delegations")
                  @account_id @full_name @username @approver="1|0"
                  @active="1|0" @today (YYYY-MM-DD, WIB) @max_days
                  form[@to @start @end @reason]
                    error[@field]   what is wrong with a field (to, start,
                                    end, reason)
                    match[@username @full_name]   the accounts an
                                    ambiguous "Delegasikan kepada" matched
                  accounts/option[@username @full_name]   the datalist
                  delegations/delegation[@id @direction="out|in"
                    @delegator @delegator_username @delegate
                    @delegate_username @start @end @start_label @end_label
                    @reason @created_by @created_at(_iso) @ended_at
                    @ended_by @status="berjalan|terjadwal|selesai|diakhiri"
                    @status_label @may_end="1"]
    confirm:      @id @delegator @delegate @delegate_username @start @end
                  @reason @status @back (path) @back_field ("admin" or "")
  /page/flash: the outcome, or why nothing was stored.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>
  <xsl:import href="delegation_parts.xsl"/>

  <xsl:variable name="c" select="/page/content"/>

  <xsl:template name="head-extra">
    <script src="{$base}static/delegation.js" defer="defer"></script>
  </xsl:template>

  <xsl:template name="body">
    <xsl:choose>
      <xsl:when test="$c/@mode = 'confirm'"><xsl:call-template name="confirm"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="page"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="page">
    <xsl:variable name="out" select="$c/delegations/delegation[@direction = 'out']"/>
    <xsl:variable name="in" select="$c/delegations/delegation[@direction = 'in']"/>
    <xsl:variable name="admin" select="$c/@mode = 'admin'"/>

    <p class="lead">
      <xsl:choose>
        <xsl:when test="$admin"><t:k name="delegation.lead.admin"/><strong><xsl:value-of select="$c/@full_name"/></strong> (<xsl:value-of select="$c/@username"/><t:k name="delegation.lead.admin.after"/></xsl:when>
        <xsl:otherwise><t:k name="delegation.lead"/><strong><t:k name="delegation.lead.for"/></strong><t:k name="delegation.lead.after"/></xsl:otherwise>
      </xsl:choose>
    </p>

    <xsl:if test="$c/@approver = '1'">
      <section class="card" aria-labelledby="sec-new">
        <h2 id="sec-new"><t:k name="delegation.new"/></h2>
        <xsl:call-template name="delegation-form">
          <xsl:with-param name="action" select="substring($c/@action, 2)"/>
          <xsl:with-param name="form" select="$c/form"/>
          <xsl:with-param name="accounts" select="$c/accounts"/>
          <xsl:with-param name="today" select="$c/@today"/>
          <xsl:with-param name="max_days" select="$c/@max_days"/>
        </xsl:call-template>
        <p class="hint"><t:k name="delegation.new.hint"/></p>
      </section>

      <section class="card" aria-labelledby="sec-out">
        <h2 id="sec-out">
          <xsl:choose>
            <xsl:when test="$admin"><t:k name="delegation.out.admin"/></xsl:when>
            <xsl:otherwise><t:k name="delegation.out"/></xsl:otherwise>
          </xsl:choose>
        </h2>
        <xsl:choose>
          <xsl:when test="$out">
            <xsl:call-template name="delegation-table">
              <xsl:with-param name="rows" select="$out"/>
              <xsl:with-param name="direction" select="'out'"/>
              <xsl:with-param name="back" select="substring('admin', 1, 5 * number($admin))"/>
              <xsl:with-param name="caption"><t:k name="delegation.out.caption"/></xsl:with-param>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise><p class="empty-state"><t:k name="delegation.out.none"/></p></xsl:otherwise>
        </xsl:choose>
      </section>
    </xsl:if>

    <xsl:if test="not($admin)">
      <section class="card" aria-labelledby="sec-in">
        <h2 id="sec-in"><t:k name="delegation.in"/></h2>
        <xsl:choose>
          <xsl:when test="$in">
            <ul class="delegation-received">
              <xsl:for-each select="$in[@status = 'berjalan' or @status = 'terjadwal']">
                <li>
                  <xsl:text><t:k name="delegation.in.from"/></xsl:text>
                  <strong><xsl:value-of select="@delegator"/></strong>
                  <xsl:text> (</xsl:text><xsl:value-of select="@start_label"/><xsl:text><t:k name="delegation.until"/></xsl:text><xsl:value-of select="@end_label"/><xsl:text>, </xsl:text>
                  <xsl:value-of select="@status_label"/>
                  <xsl:text>).</xsl:text>
                </li>
              </xsl:for-each>
            </ul>
            <p><a class="btn btn-outline btn-sm" href="{$base}requests?status=delegasi"><t:k name="delegation.in.list"/></a></p>
            <xsl:call-template name="delegation-table">
              <xsl:with-param name="rows" select="$in"/>
              <xsl:with-param name="direction" select="'in'"/>
              <xsl:with-param name="caption"><t:k name="delegation.in.caption"/></xsl:with-param>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise><p class="empty-state"><t:k name="delegation.in.none"/></p></xsl:otherwise>
        </xsl:choose>
      </section>
    </xsl:if>

    <xsl:if test="$admin">
      <p><a class="btn btn-outline" href="{$base}admin/accounts/{$c/@account_id}"><t:k name="delegation.back.account"/><xsl:value-of select="$c/@username"/></a></p>
    </xsl:if>
    <xsl:call-template name="delegation-dialog"/>
  </xsl:template>

  <xsl:template name="confirm">
    <section class="card confirm-card confirm-reject" aria-labelledby="confirm-question">
      <h2 class="confirm-question" id="confirm-question"><t:k name="delegation.end.q"/></h2>
      <dl class="detail-list confirm-summary">
        <dt><t:k name="delegation.delegator"/></dt><dd><xsl:value-of select="$c/@delegator"/></dd>
        <dt><t:k name="delegation.to"/></dt><dd><xsl:value-of select="$c/@delegate"/> (<xsl:value-of select="$c/@delegate_username"/>)</dd>
        <dt><t:k name="delegation.start"/></dt><dd><xsl:value-of select="$c/@start"/></dd>
        <dt><t:k name="delegation.end"/></dt><dd><xsl:value-of select="$c/@end"/></dd>
        <dt><t:k name="delegation.reason"/></dt><dd><span class="pre-text"><xsl:value-of select="$c/@reason"/></span></dd>
      </dl>
      <form class="confirm-form" method="post" action="{$base}delegations/{$c/@id}/end">
        <xsl:call-template name="csrf-field"/>
        <xsl:if test="$c/@back_field = 'admin'"><input type="hidden" name="back" value="admin"/></xsl:if>
        <input type="hidden" name="confirm" value="1"/>
        <div class="form-actions">
          <button type="submit" class="btn btn-danger"><t:k name="delegation.end.button"/></button>
          <a class="btn btn-outline" href="{$base}{substring($c/@back, 2)}"><t:k name="ticket.dialog.cancel"/></a>
        </div>
      </form>
    </section>
  </xsl:template>

</xsl:stylesheet>
