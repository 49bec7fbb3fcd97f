<?xml version="1.0" encoding="UTF-8"?>
<!--
  status.xsl: Status Permintaan, the requester's own page reached from the
  link in the mail sent on submit; public (the link is the key).
  /page/content:
    @nomor @status @status_label @created @created_iso
    detail[@kind_label]
    platforms/platform[@name]
    progress/stage[@key @label @state @at]   no @actor: the requester sees
                                             when a stage was decided, not who
    rejection[@stage_label @at @reason]      0..1, when rejected
    returned[@stage_label @at @reason]       0..1, while returned for revision:
                                             why, and Perbaiki Permohonan
                                             (the page never holds its own
                                             token: the form posts to the page's
                                             own URL, Perbaiki Permohonan is
                                             ?perbaiki on it)
    cancel                                   0..1, while it may be withdrawn:
                                             Batalkan Permohonan (the dialog of
                                             static/ticket.js; without JS the
                                             POST answers with status_cancel)
    cancelled                                0..1, right after the withdrawal
    waiting[@stage_label @since @since_iso]  0..1, while it waits: Menunggu
                                             (the stage and since when, no
                                             names), under the steps
  Platform System and Progres Persetujuan come from ticket_parts.xsl, as on
  the ticket page.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>
  <xsl:import href="ticket_parts.xsl"/>

  <xsl:variable name="c" select="/page/content"/>

  <xsl:template name="head-extra">
    <xsl:if test="$c/cancel">
      <script src="{$base}static/ticket.js" defer="defer"></script>
    </xsl:if>
  </xsl:template>

  <xsl:template name="body">
    <xsl:if test="$c/cancelled">
      <div class="notice notice-success ticket-notice" role="status">
        <p><t:k name="status.cancelled"/></p>
      </div>
    </xsl:if>
    <xsl:apply-templates select="$c/rejection[1]"/>
    <xsl:apply-templates select="$c/returned[1]"/>

    <div class="ticket-grid">
      <div class="ticket-main">
        <section class="card ticket-section">
          <h2 id="sec-data"><t:k name="status.request"/></h2>
          <dl class="detail-list">
            <dt><t:k name="confirm.nomor"/></dt>
            <dd class="ticket-nomor status-nomor"><xsl:value-of select="$c/@nomor"/></dd>
            <dt><t:k name="status.created"/></dt>
            <dd><time datetime="{$c/@created_iso}"><xsl:value-of select="$c/@created"/></time></dd>
            <dt><t:k name="status.status"/></dt>
            <dd class="status-{$c/@status}">
              <xsl:call-template name="status-badge">
                <xsl:with-param name="status" select="$c/@status"/>
                <xsl:with-param name="label" select="$c/@status_label"/>
              </xsl:call-template>
            </dd>
            <dt><t:k name="form.kind"/></dt>
            <dd><xsl:value-of select="$c/detail/@kind_label"/></dd>
          </dl>
        </section>
        <xsl:call-template name="platforms"/>
      </div>
      <div class="ticket-side">
        <xsl:call-template name="progress"/>
        <xsl:apply-templates select="$c/cancel[1]"/>
      </div>
    </div>

    <p class="hint status-hint"><t:k name="status.hint"/></p>
    <p class="hint privacy-link"><t:k name="privacy.status.text"/><a href="{$base}privasi"><t:k name="privacy.link"/></a><t:k name="privacy.form.text.after"/></p>
  </xsl:template>

  <xsl:template match="returned">
    <div class="notice notice-info ticket-notice" role="status">
      <p>
        <strong><t:k name="status.returned"/></strong>
        <xsl:text><t:k name="status.at_stage"/></xsl:text>
        <xsl:value-of select="@stage_label"/>
        <xsl:if test="normalize-space(@at) != ''">
          <xsl:text>, </xsl:text>
          <xsl:value-of select="@at"/>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </p>
      <xsl:if test="normalize-space(@reason) != ''">
        <p class="status-reason"><span class="status-reason-label"><t:k name="form.reason"/></span><xsl:value-of select="@reason"/></p>
      </xsl:if>
      <p><a class="btn btn-primary" href="?perbaiki"><t:k name="status.revise"/></a></p>
    </div>
  </xsl:template>

  <!-- Batalkan Permohonan: the form class and dialog of static/ticket.js
       (data-question="cancel"); without JavaScript the POST without
       confirm=1 answers with its own confirmation page. -->
  <xsl:template match="cancel">
    <section class="card ticket-section cancel-panel" aria-labelledby="sec-cancel">
      <h2 id="sec-cancel"><t:k name="status.cancel"/></h2>
      <p><t:k name="status.cancel.text"/></p>
      <form class="decide-form" method="post" data-dialog="cancel-dialog">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="status" value="{$c/@status}"/>
        <div class="field">
          <label for="cancel-reason"><t:k name="status.cancel.reason"/></label>
          <textarea id="cancel-reason" name="reason" rows="3" maxlength="2000" aria-describedby="cancel-reason-hint"></textarea>
          <span class="hint" id="cancel-reason-hint"><t:k name="status.cancel.reason.hint"/></span>
        </div>
        <div class="form-actions">
          <button type="submit" name="decision" value="cancel" class="btn btn-danger" data-question="cancel"><t:k name="status.cancel"/></button>
        </div>
      </form>
      <dialog id="cancel-dialog" class="confirm-dialog" aria-labelledby="cancel-dialog-title"
              aria-describedby="cancel-dialog-question">
        <xsl:attribute name="data-q-cancel">
          <xsl:text><t:k name="status.cancel.dialog"/></xsl:text>
          <xsl:value-of select="$c/@nomor"/>
          <xsl:text><t:k name="status.cancel.dialog.after"/></xsl:text>
        </xsl:attribute>
        <xsl:attribute name="data-yes-cancel"><t:k name="status.cancel.yes"/></xsl:attribute>
        <h2 id="cancel-dialog-title" class="confirm-dialog-title"><t:k name="status.confirm"/></h2>
        <p id="cancel-dialog-question" class="confirm-dialog-question"></p>
        <div class="confirm-dialog-actions">
          <button type="button" class="btn btn-danger" data-dialog-yes=""><t:k name="status.cancel.yes"/></button>
          <button type="button" class="btn btn-outline" data-dialog-cancel=""><t:k name="status.cancel.back"/></button>
        </div>
      </dialog>
    </section>
  </xsl:template>

  <xsl:template match="rejection">
    <div class="notice notice-error ticket-notice" role="status">
      <p>
        <strong><t:k name="status.rejected"/></strong>
        <xsl:text><t:k name="status.at_stage"/></xsl:text>
        <xsl:value-of select="@stage_label"/>
        <xsl:if test="normalize-space(@at) != ''">
          <xsl:text>, </xsl:text>
          <xsl:value-of select="@at"/>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </p>
      <xsl:if test="normalize-space(@reason) != ''">
        <p class="status-reason"><span class="status-reason-label"><t:k name="form.reason"/></span><xsl:value-of select="@reason"/></p>
      </xsl:if>
    </div>
  </xsl:template>

</xsl:stylesheet>
