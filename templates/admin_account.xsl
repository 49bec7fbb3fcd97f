<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_account.xsl: one account (Administrator only): its data, the form
  for its roles, and its state with the buttons that change it.
  /page/content:
    account[@id @username @full_name @nopek @employee @email @unit
            @active="1|0" @has_password="1|0" @locked="1|0" @self="1"
            @last_login(_iso) @created(_iso) @password_set(_iso)
            @locked_until(_iso) @failures @sessions
            @password_source="pserv|ldap|..."]   where the password lives
      role[@code @label]                  the roles held
    roles/role[@code @label @checked="1"]   every role, for the form
    delegations/delegation[...]         the account's Delegasi Persetujuan
                                        (delegation.xsl describes them); the
                                        section's form posts to
                                        /admin/accounts/N/delegations
    thin_role[@label @holders @names]   after a roles change or a
                                        deactivation: each ICT role now
                                        held by one active account (names)
                                        or none (holders="0")
    mfa[@enabled="1|0" @since(_iso) @left]  Verifikasi Dua Langkah; its
                                        reset posts to /admin/accounts/N/mfa-reset
  /page/flash: the outcome of the last change, or why it was refused.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="admin.xsl"/>
  <xsl:import href="delegation_parts.xsl"/>

  <xsl:variable name="a" select="/page/content/account"/>
  <xsl:variable name="action" select="concat($base, 'admin/accounts/', $a/@id, '/')"/>

  <xsl:template name="head-extra">
    <script src="{$base}static/delegation.js" defer="defer"></script>
  </xsl:template>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <xsl:for-each select="/page/content/thin_role">
      <p class="notice notice-warning thin-role">
        <xsl:choose>
          <xsl:when test="@holders = '0'">Peran <xsl:value-of select="@label"/> kini tidak dipegang oleh akun aktif mana pun: setiap tiket yang sampai di tahap ini akan tertahan. Berikan peran ini kepada akun aktif.</xsl:when>
          <xsl:otherwise>Peran <xsl:value-of select="@label"/> kini hanya dipegang oleh 1 akun aktif (<xsl:value-of select="@names"/>): tiket yang diajukan atau disetujui Atasan oleh akun itu akan tertahan. Tambahkan pemegang kedua atau atur Delegasi Persetujuan.</xsl:otherwise>
        </xsl:choose>
        <xsl:text> </xsl:text><a href="{$base}admin/stuck">Tiket Tertahan</a>
      </p>
    </xsl:for-each>

    <section class="card" aria-labelledby="sec-data">
      <h2 id="sec-data">Data Akun</h2>
      <dl class="detail-list">
        <dt>Username</dt><dd><xsl:value-of select="$a/@username"/></dd>
        <dt>Nama Lengkap</dt><dd><xsl:value-of select="$a/@full_name"/></dd>
        <dt>Pekerja (Nopek)</dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$a/@nopek"><xsl:value-of select="$a/@employee"/> (<xsl:value-of select="$a/@nopek"/>)</xsl:when>
            <xsl:otherwise>Tidak terhubung ke data pekerja</xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt>E-mail</dt>
        <dd>
          <xsl:choose>
            <xsl:when test="string($a/@email) != ''"><xsl:value-of select="$a/@email"/></xsl:when>
            <xsl:otherwise>—</xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt>Divisi/Cab/Unit</dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$a/@unit"><xsl:value-of select="$a/@unit"/></xsl:when>
            <xsl:otherwise>—</xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt>Peran</dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$a/role">
              <xsl:for-each select="$a/role">
                <xsl:if test="position() &gt; 1">, </xsl:if>
                <xsl:value-of select="@label"/>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise>Tanpa peran (pengguna biasa)</xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt>Status</dt><dd id="account-state"><xsl:for-each select="$a"><xsl:call-template name="account-state"/></xsl:for-each></dd>
        <dt>Dibuat</dt><dd><xsl:call-template name="when"><xsl:with-param name="t" select="$a/@created"/><xsl:with-param name="iso" select="$a/@created_iso"/></xsl:call-template></dd>
        <dt>Password</dt>
        <dd id="account-password-source">
          <xsl:choose>
            <xsl:when test="$a/@password_source = 'pserv' or not($a/@password_source)">Password P-Serv</xsl:when>
            <xsl:otherwise>Password jaringan perusahaan (<xsl:value-of select="$a/@password_source"/>): P-Serv tidak menyimpan password akun ini</xsl:otherwise>
          </xsl:choose>
        </dd>
        <xsl:if test="$a/@password_source = 'pserv' or not($a/@password_source)">
        <dt>Password Dibuat</dt><dd><xsl:call-template name="when"><xsl:with-param name="t" select="$a/@password_set"/><xsl:with-param name="iso" select="$a/@password_set_iso"/><xsl:with-param name="none">Belum ada password</xsl:with-param></xsl:call-template></dd>
        </xsl:if>
        <dt>Login Terakhir</dt><dd><xsl:call-template name="when"><xsl:with-param name="t" select="$a/@last_login"/><xsl:with-param name="iso" select="$a/@last_login_iso"/><xsl:with-param name="none">Belum pernah</xsl:with-param></xsl:call-template></dd>
        <dt>Sesi Login Aktif</dt><dd><xsl:value-of select="$a/@sessions"/></dd>
        <dt>Login Gagal (15 menit terakhir)</dt><dd><xsl:value-of select="$a/@failures"/></dd>
      </dl>
    </section>

    <section class="card" aria-labelledby="sec-roles">
      <h2 id="sec-roles">Peran</h2>
      <form class="admin-roles-form" method="post" action="{$action}roles">
        <xsl:call-template name="csrf-field"/>
        <fieldset>
          <legend>Peran akun <xsl:value-of select="$a/@username"/></legend>
          <ul class="check-list">
            <xsl:for-each select="/page/content/roles/role">
              <li>
                <label class="check" for="role-{@code}">
                  <input type="checkbox" id="role-{@code}" name="role" value="{@code}">
                    <xsl:if test="@checked = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
                  </input>
                  <xsl:value-of select="@label"/>
                </label>
              </li>
            </xsl:for-each>
          </ul>
        </fieldset>
        <xsl:if test="$a/@self = '1'">
          <p class="hint">Ini akun Anda sendiri: peran Administrator tidak dapat Anda hapus dari akun ini.</p>
        </xsl:if>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Simpan Peran</button>
        </div>
      </form>
    </section>

    <section class="card" aria-labelledby="sec-delegation" id="delegation">
      <h2 id="sec-delegation">Delegasi Persetujuan</h2>
      <p class="hint">Atur delegasi atas nama akun ini (misalnya saat sakit): penerima delegasi menyetujui atau menolak atas nama <xsl:value-of select="$a/@full_name"/>. <a href="{$action}delegations">Semua delegasi akun ini</a></p>
      <xsl:if test="/page/content/delegations/delegation[@direction = 'out' and (@status = 'berjalan' or @status = 'terjadwal')]">
        <xsl:call-template name="delegation-table">
          <xsl:with-param name="rows" select="/page/content/delegations/delegation[@direction = 'out' and (@status = 'berjalan' or @status = 'terjadwal')]"/>
          <xsl:with-param name="direction" select="'out'"/>
          <xsl:with-param name="back" select="'admin'"/>
          <xsl:with-param name="caption" select="'Delegasi yang berjalan dan terjadwal'"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="delegation-form">
        <xsl:with-param name="action" select="concat('admin/accounts/', $a/@id, '/delegations')"/>
        <xsl:with-param name="idp" select="'adm-dlg'"/>
      </xsl:call-template>
      <xsl:call-template name="delegation-dialog"/>
    </section>

    <section class="card" aria-labelledby="sec-state">
      <h2 id="sec-state">Status dan Login</h2>

      <xsl:if test="$a/@locked = '1'">
        <p class="notice notice-warning">
          <xsl:text>Akun ini terkunci karena terlalu banyak login gagal</xsl:text>
          <xsl:if test="$a/@locked_until">
            <xsl:text> (sampai </xsl:text><time datetime="{$a/@locked_until_iso}"><xsl:value-of select="$a/@locked_until"/></time><xsl:text>)</xsl:text>
          </xsl:if>
          <xsl:text>.</xsl:text>
        </p>
      </xsl:if>
      <div class="form-actions admin-actions">
        <xsl:choose>
          <xsl:when test="$a/@active = '1'">
            <form method="post" action="{$action}deactivate">
              <xsl:call-template name="csrf-field"/>
              <button type="submit" class="btn btn-danger">Nonaktifkan Akun</button>
            </form>
          </xsl:when>
          <xsl:otherwise>
            <form method="post" action="{$action}reactivate">
              <xsl:call-template name="csrf-field"/>
              <button type="submit" class="btn btn-success">Aktifkan Kembali</button>
            </form>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$a/@locked = '1' or $a/@failures != '0'">
          <form method="post" action="{$action}unlock">
            <xsl:call-template name="csrf-field"/>
            <button type="submit" class="btn btn-outline">Buka Kunci Login</button>
          </form>
        </xsl:if>
        <xsl:if test="$a/@active = '1' and string($a/@email) != '' and (not($a/@password_source) or $a/@password_source = 'pserv')">
          <form method="post" action="{$action}link">
            <xsl:call-template name="csrf-field"/>
            <button type="submit" class="btn btn-outline">Kirim Link Password</button>
          </form>
        </xsl:if>
      </div>
      <p class="hint">Menonaktifkan akun mengakhiri semua sesi login-nya dan membatalkan link password yang belum dipakai. Link password dikirim ke e-mail akun dan menggantikan link sebelumnya.</p>
    </section>

    <xsl:variable name="m" select="/page/content/mfa"/>
    <section class="card" aria-labelledby="sec-mfa">
      <h2 id="sec-mfa">Verifikasi Dua Langkah</h2>
      <xsl:choose>
        <xsl:when test="$m/@enabled = '1'">
          <p id="mfa-state">Aktif sejak <xsl:call-template name="when"><xsl:with-param name="t" select="$m/@since"/><xsl:with-param name="iso" select="$m/@since_iso"/></xsl:call-template>; kode pemulihan yang belum dipakai: <xsl:value-of select="$m/@left"/> dari 10.</p>
        </xsl:when>
        <xsl:otherwise>
          <p id="mfa-state">Belum aktif.</p>
        </xsl:otherwise>
      </xsl:choose>
      <form method="post" action="{$action}mfa-reset">
        <xsl:call-template name="csrf-field"/>
        <button type="submit" class="btn btn-outline">Reset Verifikasi Dua Langkah</button>
      </form>
      <p class="hint">Untuk ponsel yang hilang atau diganti: kunci aplikasi autentikator dan kode pemulihan akun ini dihapus dan semua sesi login-nya diakhiri. Pada login berikutnya akun ini mengaktifkan Verifikasi Dua Langkah kembali bila perannya mewajibkan.</p>
    </section>
  </xsl:template>

  <xsl:template name="when">
    <xsl:param name="t"/>
    <xsl:param name="iso"/>
    <xsl:param name="none">—</xsl:param>
    <xsl:choose>
      <xsl:when test="string($t) != ''"><time datetime="{$iso}"><xsl:value-of select="$t"/></time></xsl:when>
      <xsl:otherwise><xsl:value-of select="$none"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
