<?xml version="1.0" encoding="UTF-8"?>
<!--
  assign.xsl: Alihkan Persetujuan (Administrator only): the stage a ticket
  waits at, given to one account for this ticket only.
  /page/content:
    @id @nomor @full_name @status @status_label
    notice                0..1, why nothing was assigned (ended, moved on)
    @stage_label @since @since_iso @stuck     while it waits
    actor[@full_name @via @for_name]          who may act now
    form[@account @reason @account_error @reason_error]
        /match[@id @username @full_name @active]   the accounts the text
                                                   named, to choose from
    @mode="confirm" + chosen[@id @username @full_name]
                          the confirmation without JavaScript
  The form posts to /requests/{id}/assign: status (the stage seen),
  account (name or username) or account_id (a match), reason. With
  JavaScript static/ticket.js asks in the dialog and posts confirm=1;
  without, the server answers with the confirmation (mode="confirm").
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="admin.xsl"/>

  <xsl:variable name="c" select="/page/content"/>
  <xsl:variable name="f" select="/page/content/form"/>

  <xsl:template name="head-extra">
    <script src="{$base}static/ticket.js" defer="defer"></script>
  </xsl:template>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <xsl:for-each select="$c/notice[1]">
      <div class="notice notice-error" role="alert"><xsl:value-of select="."/></div>
    </xsl:for-each>
    <xsl:call-template name="summary"/>
    <xsl:choose>
      <xsl:when test="$c/@mode = 'confirm'"><xsl:call-template name="confirm"/></xsl:when>
      <xsl:when test="$f"><xsl:call-template name="form"/></xsl:when>
    </xsl:choose>
    <p><a href="{$base}requests/{$c/@id}"><t:k name="assign.back"/><xsl:value-of select="$c/@nomor"/></a></p>
  </xsl:template>

  <xsl:template name="summary">
    <section class="card assign-summary">
      <dl class="detail-list">
        <dt><t:k name="ticket.nomor"/></dt>
        <dd class="ticket-nomor"><a href="{$base}requests/{$c/@id}"><xsl:value-of select="$c/@nomor"/></a></dd>
        <dt><t:k name="assign.requester"/></dt>
        <dd><xsl:value-of select="$c/@full_name"/></dd>
        <dt><t:k name="ticket.status"/></dt>
        <dd><xsl:call-template name="status-badge"><xsl:with-param name="status" select="$c/@status"/><xsl:with-param name="label" select="$c/@status_label"/></xsl:call-template></dd>
        <xsl:if test="$c/@stage_label">
          <dt><t:k name="ticket.waiting.stage"/></dt>
          <dd class="assign-stage"><xsl:value-of select="$c/@stage_label"/></dd>
          <dt><t:k name="assign.since"/></dt>
          <dd><time datetime="{$c/@since_iso}"><xsl:value-of select="$c/@since"/></time></dd>
          <dt><t:k name="ticket.waiting.who"/></dt>
          <xsl:choose>
            <xsl:when test="$c/actor">
              <dd>
                <ul class="waiting-who">
                  <xsl:for-each select="$c/actor">
                    <li>
                      <xsl:value-of select="@full_name"/>
                      <xsl:if test="@via = 'delegate'"><xsl:text> </xsl:text><span class="waiting-via"><t:k name="ticket.waiting.for"/><xsl:value-of select="@for_name"/></span></xsl:if>
                      <xsl:if test="@via = 'assigned'"><xsl:text> </xsl:text><span class="waiting-via"><t:k name="ticket.waiting.assigned"/></span></xsl:if>
                    </li>
                  </xsl:for-each>
                </ul>
              </dd>
            </xsl:when>
            <xsl:otherwise>
              <dd class="waiting-stuck"><strong><t:k name="ticket.waiting.nobody"/></strong><xsl:text> </xsl:text><span class="waiting-reason"><xsl:value-of select="$c/@stuck"/>.</span></dd>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:if>
      </dl>
    </section>
  </xsl:template>

  <xsl:template name="form">
    <section class="card assign-panel">
      <h2><t:k name="ticket.waiting.assign"/></h2>
      <p class="panel-intro"><t:k name="assign.intro"/><xsl:value-of select="$c/@stage_label"/><t:k name="assign.intro.after"/></p>
      <form class="decide-form assign-form" method="post" action="{$base}requests/{$c/@id}/assign" data-dialog="decide-dialog">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="status" value="{$c/@status}"/>
        <div class="field">
          <label for="asg-account"><t:k name="assign.account"/></label>
          <input id="asg-account" name="account" type="text" value="{$f/@account}" maxlength="100"
                 autocomplete="off" spellcheck="false">
            <xsl:call-template name="describe">
              <xsl:with-param name="id" select="'asg-account'"/>
              <xsl:with-param name="error" select="string($f/@account_error)"/>
            </xsl:call-template>
          </input>
          <span class="hint" id="asg-account-hint"><t:k name="assign.account.hint"/></span>
          <xsl:call-template name="error-out">
            <xsl:with-param name="id" select="'asg-account'"/>
            <xsl:with-param name="error" select="string($f/@account_error)"/>
          </xsl:call-template>
        </div>
        <xsl:if test="$f/match">
          <fieldset class="field assign-matches">
            <legend><t:k name="assign.matches"/></legend>
            <xsl:for-each select="$f/match">
              <label class="check">
                <input type="radio" name="account_id" value="{@id}" data-label="{@full_name} ({@username})"/>
                <xsl:text> </xsl:text>
                <xsl:value-of select="@full_name"/> (<span class="mono"><xsl:value-of select="@username"/></span>)
                <xsl:if test="@active = '0'"><xsl:text> </xsl:text><span class="badge badge-rejected"><t:k name="assign.inactive"/></span></xsl:if>
              </label>
            </xsl:for-each>
          </fieldset>
        </xsl:if>
        <div class="field">
          <label for="asg-reason"><t:k name="ticket.panel.reason"/></label>
          <textarea id="asg-reason" name="reason" rows="4" required="required" data-required="any" t:data-missing="ticket.panel.reason.missing" t:data-missing-account="assign.account.missing">
            <xsl:call-template name="describe">
              <xsl:with-param name="id" select="'asg-reason'"/>
              <xsl:with-param name="error" select="string($f/@reason_error)"/>
            </xsl:call-template>
            <xsl:value-of select="$f/@reason"/>
          </textarea>
          <span class="hint" id="asg-reason-hint"><t:k name="assign.reason.hint"/></span>
          <xsl:call-template name="error-out">
            <xsl:with-param name="id" select="'asg-reason'"/>
            <xsl:with-param name="error" select="string($f/@reason_error)"/>
          </xsl:call-template>
        </div>
        <div class="form-actions">
          <button type="submit" name="decision" value="{'assign'}" class="btn btn-primary" data-question="assign"><t:k name="ticket.waiting.assign"/></button>
        </div>
      </form>
    </section>
    <dialog id="decide-dialog" class="confirm-dialog" aria-labelledby="decide-dialog-title"
            aria-describedby="decide-dialog-question">
      <xsl:attribute name="data-q-assign"><t:k name="assign.q"/><xsl:value-of select="$c/@stage_label"/><t:k name="assign.q.ticket"/><xsl:value-of select="$c/@nomor"/><t:k name="assign.q.to"/><xsl:text>{account}?</xsl:text></xsl:attribute>
      <h2 id="decide-dialog-title" class="confirm-dialog-title"><t:k name="ticket.dialog.title"/></h2>
      <p id="decide-dialog-question" class="confirm-dialog-question"></p>
      <div class="confirm-dialog-actions">
        <button type="button" class="btn btn-primary" data-dialog-yes=""><t:k name="assign.yes"/></button>
        <button type="button" class="btn btn-outline" data-dialog-cancel=""><t:k name="ticket.dialog.cancel"/></button>
      </div>
    </dialog>
  </xsl:template>

  <xsl:template name="confirm">
    <xsl:variable name="a" select="$c/chosen"/>
    <section class="card confirm-card" aria-labelledby="confirm-question">
      <h2 class="confirm-question" id="confirm-question"><t:k name="assign.q"/><xsl:value-of select="$c/@stage_label"/><t:k name="assign.q.ticket"/><xsl:value-of select="$c/@nomor"/><t:k name="assign.q.to"/><xsl:value-of select="$a/@full_name"/> (<xsl:value-of select="$a/@username"/>)?</h2>
      <dl class="detail-list confirm-summary">
        <dt><t:k name="assign.account"/></dt>
        <dd><xsl:value-of select="$a/@full_name"/> (<span class="mono"><xsl:value-of select="$a/@username"/></span>)</dd>
        <dt><t:k name="ticket.panel.reason"/></dt>
        <dd><span class="pre-text"><xsl:value-of select="$f/@reason"/></span></dd>
      </dl>
      <form class="confirm-form" method="post" action="{$base}requests/{$c/@id}/assign">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="status" value="{$c/@status}"/>
        <input type="hidden" name="account_id" value="{$a/@id}"/>
        <input type="hidden" name="reason" value="{$f/@reason}"/>
        <input type="hidden" name="confirm" value="1"/>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary"><t:k name="assign.yes"/></button>
          <a class="btn btn-outline" href="{$base}requests/{$c/@id}/assign"><t:k name="ticket.dialog.cancel"/></a>
        </div>
      </form>
    </section>
  </xsl:template>

  <xsl:template name="describe">
    <xsl:param name="id"/>
    <xsl:param name="error"/>
    <xsl:if test="$error != ''">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
    </xsl:if>
    <xsl:attribute name="aria-describedby">
      <xsl:if test="$error != ''"><xsl:value-of select="concat($id, '-error ')"/></xsl:if>
      <xsl:value-of select="concat($id, '-hint')"/>
    </xsl:attribute>
  </xsl:template>

  <xsl:template name="error-out">
    <xsl:param name="id"/>
    <xsl:param name="error"/>
    <xsl:if test="$error != ''">
      <span class="field-error" id="{$id}-error"><xsl:value-of select="$error"/></span>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
