<?xml version="1.0" encoding="UTF-8"?>
<!--
  delegation_parts.xsl: Delegasi Persetujuan's form and table, shared by
  the page (delegation.xsl) and the Administrator's account page
  (admin_account.xsl), which import it. Named templates only:
    "delegation-form"   param action (path from $base, no leading "/"),
                        form (a form element or nothing: its @to @start
                        @end @reason, error[@field], match[@username
                        @full_name]), accounts (option[@username
                        @full_name] for the datalist), today, max_days,
                        idp (the ids' prefix)
    "delegation-table"  param rows (delegation elements, see
                        delegation.xsl), direction ("out": Akhiri
                        Delegasi where @may_end; "in": who gave it),
                        back ("admin" or ""), caption
  Akhiri Delegasi posts to delegations/{id}/end; static/delegation.js asks
  in a <dialog> first and adds confirm=1; without it the server answers
  with its own confirmation page.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">

  <xsl:template name="delegation-form">
    <xsl:param name="action"/>
    <xsl:param name="form" select="/.."/>
    <xsl:param name="accounts" select="/.."/>
    <xsl:param name="today"/>
    <xsl:param name="max_days" select="'90'"/>
    <xsl:param name="idp" select="'dlg'"/>
    <form class="delegation-form" method="post" action="{$base}{$action}" novalidate="novalidate">
      <xsl:call-template name="csrf-field"/>
      <div class="field" id="{$idp}-field-to">
        <label for="{$idp}-to"><t:k name="delegation.to"/></label>
        <input id="{$idp}-to" name="to" type="text" value="{$form/@to}" maxlength="100"
               autocomplete="off" spellcheck="false" required="required"
               aria-describedby="{$idp}-hint-to">
          <xsl:if test="$accounts/option"><xsl:attribute name="list"><xsl:value-of select="$idp"/>-accounts</xsl:attribute></xsl:if>
          <xsl:if test="$form/error[@field = 'to']"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
        </input>
        <span class="hint" id="{$idp}-hint-to"><t:k name="delegation.to.hint"/></span>
        <xsl:if test="$form/error[@field = 'to']">
          <span class="field-error" id="{$idp}-err-to"><xsl:value-of select="$form/error[@field = 'to']"/></span>
        </xsl:if>
        <xsl:if test="$form/match">
          <ul class="delegation-matches" id="{$idp}-matches" t:aria-label="assign.matches">
            <xsl:for-each select="$form/match">
              <li><xsl:value-of select="@full_name"/> (<code><xsl:value-of select="@username"/></code>)</li>
            </xsl:for-each>
          </ul>
        </xsl:if>
        <xsl:if test="$accounts/option">
          <datalist id="{$idp}-accounts">
            <xsl:for-each select="$accounts/option">
              <option value="{@username}"><xsl:value-of select="@full_name"/></option>
            </xsl:for-each>
          </datalist>
        </xsl:if>
      </div>
      <div class="delegation-dates">
        <div class="field" id="{$idp}-field-start">
          <label for="{$idp}-start"><t:k name="delegation.start"/></label>
          <input id="{$idp}-start" name="start" type="date" value="{$form/@start}" required="required">
            <xsl:if test="string($today) != ''"><xsl:attribute name="min"><xsl:value-of select="$today"/></xsl:attribute></xsl:if>
            <xsl:if test="$form/error[@field = 'start']"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
          </input>
          <xsl:if test="$form/error[@field = 'start']">
            <span class="field-error" id="{$idp}-err-start"><xsl:value-of select="$form/error[@field = 'start']"/></span>
          </xsl:if>
        </div>
        <div class="field" id="{$idp}-field-end">
          <label for="{$idp}-end"><t:k name="delegation.end"/></label>
          <input id="{$idp}-end" name="end" type="date" value="{$form/@end}" required="required">
            <xsl:if test="string($today) != ''"><xsl:attribute name="min"><xsl:value-of select="$today"/></xsl:attribute></xsl:if>
            <xsl:if test="$form/error[@field = 'end']"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
          </input>
          <xsl:if test="$form/error[@field = 'end']">
            <span class="field-error" id="{$idp}-err-end"><xsl:value-of select="$form/error[@field = 'end']"/></span>
          </xsl:if>
        </div>
      </div>
      <p class="hint"><t:k name="delegation.dates.hint"/><xsl:value-of select="$max_days"/><t:k name="delegation.dates.days"/></p>
      <div class="field" id="{$idp}-field-reason">
        <label for="{$idp}-reason"><t:k name="delegation.reason"/></label>
        <textarea id="{$idp}-reason" name="reason" rows="3" maxlength="500" required="required">
          <xsl:if test="$form/error[@field = 'reason']"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
          <xsl:value-of select="$form/@reason"/>
        </textarea>
        <xsl:if test="$form/error[@field = 'reason']">
          <span class="field-error" id="{$idp}-err-reason"><xsl:value-of select="$form/error[@field = 'reason']"/></span>
        </xsl:if>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary"><t:k name="delegation.save"/></button>
      </div>
    </form>
  </xsl:template>

  <xsl:template name="delegation-table">
    <xsl:param name="rows" select="/.."/>
    <xsl:param name="direction" select="'out'"/>
    <xsl:param name="back" select="''"/>
    <xsl:param name="caption"/>
    <div class="table-wrap" role="region" tabindex="0" aria-label="{$caption}">
      <table class="data-table delegation-table delegation-{$direction}">
        <caption class="visually-hidden"><xsl:value-of select="$caption"/></caption>
        <thead>
          <tr>
            <th scope="col">
              <xsl:choose>
                <xsl:when test="$direction = 'in'"><t:k name="delegation.from"/></xsl:when>
                <xsl:otherwise><t:k name="delegation.to"/></xsl:otherwise>
              </xsl:choose>
            </th>
            <th scope="col"><t:k name="delegation.start"/></th>
            <th scope="col"><t:k name="delegation.end"/></th>
            <th scope="col"><t:k name="delegation.reason"/></th>
            <th scope="col"><t:k name="delegation.created-by"/></th>
            <th scope="col"><t:k name="ticket.status"/></th>
            <xsl:if test="$direction = 'out'"><th scope="col"><t:k name="list.col.action"/></th></xsl:if>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$rows">
            <tr class="delegation-row status-{@status}" id="delegation-{@id}">
              <td>
                <xsl:attribute name="data-label">
                  <xsl:choose>
                    <xsl:when test="$direction = 'in'"><t:k name="delegation.from"/></xsl:when>
                    <xsl:otherwise><t:k name="delegation.to"/></xsl:otherwise>
                  </xsl:choose>
                </xsl:attribute>
                <xsl:choose>
                  <xsl:when test="$direction = 'in'"><xsl:value-of select="@delegator"/> (<xsl:value-of select="@delegator_username"/>)</xsl:when>
                  <xsl:otherwise><xsl:value-of select="@delegate"/> (<xsl:value-of select="@delegate_username"/>)</xsl:otherwise>
                </xsl:choose>
              </td>
              <td t:data-label="delegation.start"><time datetime="{@start}"><xsl:value-of select="@start_label"/></time></td>
              <td t:data-label="delegation.end"><time datetime="{@end}"><xsl:value-of select="@end_label"/></time></td>
              <td class="pre-text" t:data-label="delegation.reason"><xsl:value-of select="@reason"/></td>
              <td t:data-label="delegation.created-by">
                <xsl:value-of select="@created_by"/>
                <xsl:if test="@created_at"><br/><small><time datetime="{@created_at_iso}"><xsl:value-of select="@created_at"/></time></small></xsl:if>
              </td>
              <td class="delegation-status" t:data-label="ticket.status">
                <span>
                  <xsl:attribute name="class">
                    <xsl:text>badge </xsl:text>
                    <xsl:choose>
                      <xsl:when test="@status = 'berjalan'">badge-completed</xsl:when>
                      <xsl:when test="@status = 'terjadwal'">badge-waiting</xsl:when>
                      <xsl:when test="@status = 'diakhiri'">badge-rejected</xsl:when>
                      <xsl:otherwise>badge-soon</xsl:otherwise>
                    </xsl:choose>
                  </xsl:attribute>
                  <xsl:value-of select="@status_label"/>
                </span>
                <xsl:if test="@ended_at">
                  <br/><small><t:k name="delegation.ended"/><xsl:value-of select="@ended_at"/><xsl:if test="@ended_by"><t:k name="delegation.ended.by"/><xsl:value-of select="@ended_by"/></xsl:if></small>
                </xsl:if>
              </td>
              <xsl:if test="$direction = 'out'">
                <td class="cell-action">
                  <xsl:if test="@may_end = '1'">
                    <form class="delegation-end-form" method="post" action="{$base}delegations/{@id}/end"
                          data-dialog="delegation-dialog"
>
                      <xsl:attribute name="data-question"><t:k name="delegation.end.row"/><xsl:value-of select="@delegate"/> (<xsl:value-of select="@start_label"/><t:k name="delegation.until"/><xsl:value-of select="@end_label"/>)?</xsl:attribute>
                      <xsl:call-template name="csrf-field"/>
                      <xsl:if test="$back = 'admin'"><input type="hidden" name="back" value="admin"/></xsl:if>
                      <button type="submit" class="btn btn-sm btn-danger"><t:k name="delegation.end.button"/></button>
                    </form>
                  </xsl:if>
                </td>
              </xsl:if>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- Shown by static/delegation.js. -->
  <xsl:template name="delegation-dialog">
    <dialog id="delegation-dialog" class="confirm-dialog" aria-labelledby="delegation-dialog-title"
            aria-describedby="delegation-dialog-question">
      <h2 id="delegation-dialog-title" class="confirm-dialog-title"><t:k name="ticket.dialog.title"/></h2>
      <p id="delegation-dialog-question" class="confirm-dialog-question"></p>
      <div class="confirm-dialog-actions">
        <button type="button" class="btn btn-danger" data-dialog-yes=""><t:k name="delegation.end.yes"/></button>
        <button type="button" class="btn btn-outline" data-dialog-cancel=""><t:k name="ticket.dialog.cancel"/></button>
      </div>
    </dialog>
  </xsl:template>

</xsl:stylesheet>
