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

  <xsl:template name="body">
    <xsl:apply-templates select="$c/rejection[1]"/>

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
      </div>
    </div>

    <p class="hint status-hint">Halaman ini menampilkan keadaan terkini setiap kali dibuka.
      Link ke halaman ini hanya untuk Anda: jangan bagikan kepada orang lain. Untuk pertanyaan,
      hubungi ICT Helpdesk dengan menyebutkan Nomor permohonan.</p>
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
