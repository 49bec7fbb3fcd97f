<?xml version="1.0" encoding="UTF-8"?>
<!--
  mfa.xsl: the second factor (handle_mfa.c). /page/content:
    @mode     code      Kode Verifikasi after the password
              enrol     Aktifkan Verifikasi Dua Langkah: qr[@size @path]
                        (an SVG path of the QR code's dark modules in a
                        @size units square), @secret (base32), @uri
                        (otpauth://), @username
              recovery  the ten recovery codes (code elements), shown once;
                        @next: where Lanjutkan goes
              status    the account is enrolled: @since, @left (recovery
                        codes unused)
              expired   no pending state in this browser (or it expired)
              unavailable  this server asks no second factor
    @action   where the form posts (/login/mfa or /settings/mfa)
  /page/flash: why the code was refused.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:variable name="c" select="/page/content"/>

  <xsl:template name="body">
    <xsl:choose>
      <xsl:when test="$c/@mode = 'code'">
        <p class="lead">Login sebagai <strong><xsl:value-of select="$c/@username"/></strong>. Masukkan Kode Verifikasi 6 angka dari aplikasi autentikator di ponsel Anda.</p>
        <xsl:call-template name="code-form">
          <xsl:with-param name="button">Verifikasi</xsl:with-param>
          <xsl:with-param name="hint">Tidak dapat membuka aplikasi autentikator? Masukkan salah satu kode pemulihan Anda (contoh: abcde-fghij); setiap kode pemulihan hanya berlaku sekali.</xsl:with-param>
        </xsl:call-template>
        <p class="form-aside"><a href="{$base}login">Batal, kembali ke Login</a></p>
      </xsl:when>

      <xsl:when test="$c/@mode = 'enrol'">
        <p class="lead">Akun <strong><xsl:value-of select="$c/@username"/></strong> memakai verifikasi dua langkah: setelah password, setiap login meminta kode 6 angka dari aplikasi autentikator di ponsel Anda (misalnya Google Authenticator, Microsoft Authenticator, FreeOTP atau Aegis).</p>
        <section class="card mfa-enrol" aria-labelledby="sec-mfa-scan">
          <h2 id="sec-mfa-scan">1. Pindai kode QR</h2>
          <p>Buka aplikasi autentikator, pilih tambah akun, lalu pindai kode QR ini.</p>
          <figure class="mfa-qr">
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {$c/qr/@size} {$c/qr/@size}" width="240" height="240" role="img" aria-label="Kode QR untuk aplikasi autentikator" shape-rendering="crispEdges">
              <rect width="{$c/qr/@size}" height="{$c/qr/@size}" fill="#fff"/>
              <path d="{$c/qr/@path}" fill="#000"/>
            </svg>
          </figure>
          <p>Tidak dapat memindai? Masukkan kunci ini secara manual (jenis: berbasis waktu):</p>
          <p class="mfa-secret"><code id="mfa-secret"><xsl:value-of select="$c/@secret"/></code></p>
        </section>
        <section class="card" aria-labelledby="sec-mfa-confirm">
          <h2 id="sec-mfa-confirm">2. Masukkan kode dari aplikasi</h2>
          <xsl:call-template name="code-form">
            <xsl:with-param name="button">Aktifkan</xsl:with-param>
            <xsl:with-param name="hint">Kode 6 angka yang sedang tampil di aplikasi untuk P-Serv. Setelah itu Anda menerima 10 kode pemulihan.</xsl:with-param>
          </xsl:call-template>
        </section>
      </xsl:when>

      <xsl:when test="$c/@mode = 'recovery'">
        <p class="notice notice-success" role="status">Verifikasi Dua Langkah aktif.</p>
        <section class="card" aria-labelledby="sec-mfa-recovery">
          <h2 id="sec-mfa-recovery">Simpan kode pemulihan Anda</h2>
          <p>Bila ponsel Anda hilang atau aplikasi autentikator tidak dapat dibuka, login dengan salah satu kode ini sebagai pengganti Kode Verifikasi. Setiap kode hanya berlaku sekali. <strong>Kode ini hanya ditampilkan sekali</strong>: catat atau cetak sekarang dan simpan di tempat yang aman.</p>
          <ol class="mfa-recovery-codes">
            <xsl:for-each select="$c/code">
              <li><code><xsl:value-of select="."/></code></li>
            </xsl:for-each>
          </ol>
          <div class="form-actions">
            <a class="btn btn-primary" href="{$c/@next}">Lanjutkan</a>
          </div>
        </section>
      </xsl:when>

      <xsl:when test="$c/@mode = 'status'">
        <p class="notice notice-success" role="status">Verifikasi Dua Langkah aktif sejak <xsl:value-of select="$c/@since"/>. Setiap login meminta Kode Verifikasi dari aplikasi autentikator Anda.</p>
        <p>Kode pemulihan yang belum dipakai: <strong><xsl:value-of select="$c/@left"/></strong> dari 10.</p>
        <p class="hint">Ponsel baru atau kode pemulihan habis? Minta Administrator P-Serv mereset Verifikasi Dua Langkah akun Anda, lalu aktifkan kembali pada login berikutnya.</p>
        <div class="form-actions">
          <a class="btn btn-outline" href="{$base}home">Kembali</a>
        </div>
      </xsl:when>

      <xsl:when test="$c/@mode = 'unavailable'">
        <p class="notice notice-info" role="status">Verifikasi Dua Langkah belum disediakan di server P-Serv ini. Hubungi Administrator P-Serv.</p>
      </xsl:when>

      <xsl:otherwise>
        <p class="notice notice-error" role="alert">Waktu untuk memasukkan Kode Verifikasi telah habis (5 menit), atau login belum dimulai di browser ini. Silakan login kembali.</p>
        <div class="form-actions">
          <a class="btn btn-primary" href="{$base}login">Login</a>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="code-form">
    <xsl:param name="button"/>
    <xsl:param name="hint"/>
    <form class="form mfa-form" method="post" action="{$c/@action}">
      <xsl:call-template name="csrf-field"/>
      <div class="field">
        <label for="code">Kode Verifikasi</label>
        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
               autocapitalize="none" spellcheck="false" required="required" maxlength="20"
               aria-describedby="code-hint" autofocus="autofocus">
          <xsl:if test="/page/flash">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
          </xsl:if>
        </input>
        <span class="hint" id="code-hint"><xsl:value-of select="$hint"/></span>
      </div>
      <button type="submit" class="btn btn-primary"><xsl:value-of select="$button"/></button>
    </form>
  </xsl:template>
</xsl:stylesheet>
