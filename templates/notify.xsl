<?xml version="1.0" encoding="UTF-8"?>
<!--
  notify.xsl: Pengaturan Notifikasi (handle_notify.c). /page/content:
    @mode    the account's choice: "ticket", "digest" or "both"
    @email   the account's e-mail address ("" when it has none)
    option[@value @label]   the three choices, in order
  /page/flash: the outcome of Simpan Pengaturan, or why nothing was stored.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:variable name="c" select="/page/content"/>

  <xsl:template name="body">
    <p class="lead">Pilih cara Anda diberi tahu tentang permohonan User ID yang menunggu tindakan Anda: sebagai Atasan Pemohon, pemegang peran ICT, penerima delegasi (<strong>atas nama</strong> pemberi delegasi), atau tiket yang dialihkan kepada Anda.</p>

    <xsl:if test="$c/@email = ''">
      <p class="notice notice-warning">Akun Anda belum memiliki alamat e-mail, jadi tidak ada e-mail yang dapat dikirim kepada Anda. Hubungi Administrator untuk menambahkannya.</p>
    </xsl:if>

    <section class="card" aria-labelledby="sec-notify">
      <h2 id="sec-notify">E-mail Tiket yang Menunggu Anda</h2>
      <form method="post" action="{$base}settings/notifications" class="notify-form">
        <xsl:call-template name="csrf-field"/>
        <fieldset class="field" id="field-notify">
          <legend>Kirim e-mail</legend>
          <xsl:for-each select="$c/option">
            <div class="notify-choice">
              <label class="check" for="f-notify-{@value}">
                <input type="radio" id="f-notify-{@value}" name="notify" value="{@value}" aria-describedby="h-notify-{@value}">
                  <xsl:if test="@value = $c/@mode"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
                </input>
                <xsl:value-of select="@label"/>
              </label>
              <span class="hint" id="h-notify-{@value}">
                <xsl:choose>
                  <xsl:when test="@value = 'ticket'">Satu e-mail setiap kali sebuah tiket sampai kepada Anda, dan pengingat bila tiket menunggu terlalu lama.</xsl:when>
                  <xsl:when test="@value = 'digest'">Ringkasan setiap pagi dari semua tiket yang menunggu Anda (Nomor, pemohon, tahap, sejak kapan, tautan tiket); tidak ada e-mail per tiket. Tidak dikirim bila tidak ada yang menunggu.</xsl:when>
                  <xsl:otherwise>E-mail per tiket dan ringkasan harian pukul 08:00 WIB.</xsl:otherwise>
                </xsl:choose>
              </span>
            </div>
          </xsl:for-each>
        </fieldset>
        <p class="hint">E-mail kepada pemohon dan pemberitahuan kepada Administrator tidak terpengaruh pengaturan ini.</p>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Simpan Pengaturan</button>
          <a class="btn btn-outline" href="{$base}home">Kembali</a>
        </div>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
