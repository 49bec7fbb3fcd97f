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
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
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
        <p>Permohonan telah dibatalkan. Pihak yang sedang memprosesnya diberi tahu melalui e-mail.</p>
      </div>
    </xsl:if>
    <xsl:apply-templates select="$c/rejection[1]"/>
    <xsl:apply-templates select="$c/returned[1]"/>

    <div class="ticket-grid">
      <div class="ticket-main">
        <section class="card ticket-section">
          <h2 id="sec-data">Permohonan</h2>
          <dl class="detail-list">
            <dt>Nomor</dt>
            <dd class="ticket-nomor status-nomor"><xsl:value-of select="$c/@nomor"/></dd>
            <dt>Tanggal Pengajuan</dt>
            <dd><time datetime="{$c/@created_iso}"><xsl:value-of select="$c/@created"/></time></dd>
            <dt>Status</dt>
            <dd class="status-{$c/@status}">
              <xsl:call-template name="status-badge">
                <xsl:with-param name="status" select="$c/@status"/>
                <xsl:with-param name="label" select="$c/@status_label"/>
              </xsl:call-template>
            </dd>
            <dt>Jenis User ID</dt>
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

    <p class="hint status-hint">Halaman ini menampilkan keadaan terkini setiap kali dibuka.
      Link ke halaman ini hanya untuk Anda: jangan bagikan kepada orang lain. Untuk pertanyaan,
      hubungi ICT Helpdesk dengan menyebutkan Nomor permohonan.</p>
  </xsl:template>

  <xsl:template match="returned">
    <div class="notice notice-info ticket-notice" role="status">
      <p>
        <strong>Permohonan dikembalikan untuk revisi</strong>
        <xsl:text> pada tahap </xsl:text>
        <xsl:value-of select="@stage_label"/>
        <xsl:if test="normalize-space(@at) != ''">
          <xsl:text>, </xsl:text>
          <xsl:value-of select="@at"/>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </p>
      <xsl:if test="normalize-space(@reason) != ''">
        <p class="status-reason"><span class="status-reason-label">Alasan: </span><xsl:value-of select="@reason"/></p>
      </xsl:if>
      <p><a class="btn btn-primary" href="?perbaiki">Perbaiki Permohonan</a></p>
    </div>
  </xsl:template>

  <!-- Batalkan Permohonan: the form class and dialog of static/ticket.js
       (data-question="cancel"); without JavaScript the POST without
       confirm=1 answers with its own confirmation page. -->
  <xsl:template match="cancel">
    <section class="card ticket-section cancel-panel" aria-labelledby="sec-cancel">
      <h2 id="sec-cancel">Batalkan Permohonan</h2>
      <p>Permohonan dapat dibatalkan selama ICT Executor belum memprosesnya. Pihak yang sedang memproses permohonan akan diberi tahu.</p>
      <form class="decide-form" method="post" data-dialog="cancel-dialog">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="status" value="{$c/@status}"/>
        <div class="field">
          <label for="cancel-reason">Alasan (opsional)</label>
          <textarea id="cancel-reason" name="reason" rows="3" maxlength="2000" aria-describedby="cancel-reason-hint"></textarea>
          <span class="hint" id="cancel-reason-hint">Boleh dikosongkan.</span>
        </div>
        <div class="form-actions">
          <button type="submit" name="decision" value="cancel" class="btn btn-danger" data-question="cancel">Batalkan Permohonan</button>
        </div>
      </form>
      <dialog id="cancel-dialog" class="confirm-dialog" aria-labelledby="cancel-dialog-title"
              aria-describedby="cancel-dialog-question"
              data-q-cancel="Anda yakin akan membatalkan permohonan {$c/@nomor}? Pembatalan tidak dapat diurungkan."
              data-yes-cancel="Ya, Batalkan Permohonan Ini">
        <h2 id="cancel-dialog-title" class="confirm-dialog-title">Konfirmasi</h2>
        <p id="cancel-dialog-question" class="confirm-dialog-question"></p>
        <div class="confirm-dialog-actions">
          <button type="button" class="btn btn-danger" data-dialog-yes="">Ya, Batalkan Permohonan Ini</button>
          <button type="button" class="btn btn-outline" data-dialog-cancel="">Kembali</button>
        </div>
      </dialog>
    </section>
  </xsl:template>

  <xsl:template match="rejection">
    <div class="notice notice-error ticket-notice" role="status">
      <p>
        <strong>Permohonan ditolak</strong>
        <xsl:text> pada tahap </xsl:text>
        <xsl:value-of select="@stage_label"/>
        <xsl:if test="normalize-space(@at) != ''">
          <xsl:text>, </xsl:text>
          <xsl:value-of select="@at"/>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </p>
      <xsl:if test="normalize-space(@reason) != ''">
        <p class="status-reason"><span class="status-reason-label">Alasan: </span><xsl:value-of select="@reason"/></p>
      </xsl:if>
    </div>
  </xsl:template>

</xsl:stylesheet>
