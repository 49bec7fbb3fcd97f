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
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
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
          <xsl:when test="@holders = '0'"><t:k name="admin.thin.none"/><xsl:value-of select="@label"/><t:k name="admin.thin.none.after"/></xsl:when>
          <xsl:otherwise><t:k name="admin.thin.one"/><xsl:value-of select="@label"/><t:k name="admin.thin.one.mid"/><xsl:value-of select="@names"/><t:k name="admin.thin.one.after"/></xsl:otherwise>
        </xsl:choose>
        <xsl:text> </xsl:text><a href="{$base}admin/stuck"><t:k name="admin.nav.stuck"/></a>
      </p>
    </xsl:for-each>

    <section class="card" aria-labelledby="sec-data">
      <h2 id="sec-data"><t:k name="admin.account.data"/></h2>
      <dl class="detail-list">
        <dt>Username</dt><dd><xsl:value-of select="$a/@username"/></dd>
        <dt><t:k name="admin.col.full_name"/></dt><dd><xsl:value-of select="$a/@full_name"/></dd>
        <dt><t:k name="admin.col.employee"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$a/@nopek"><xsl:value-of select="$a/@employee"/> (<xsl:value-of select="$a/@nopek"/>)</xsl:when>
            <xsl:otherwise><t:k name="admin.account.no_employee"/></xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt><t:k name="admin.col.email"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="string($a/@email) != ''"><xsl:value-of select="$a/@email"/></xsl:when>
            <xsl:otherwise>—</xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt><t:k name="admin.col.unit"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$a/@unit"><xsl:value-of select="$a/@unit"/></xsl:when>
            <xsl:otherwise>—</xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt><t:k name="admin.col.roles"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="$a/role">
              <xsl:for-each select="$a/role">
                <xsl:if test="position() &gt; 1">, </xsl:if>
                <xsl:value-of select="@label"/>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise><t:k name="admin.account.no_roles"/></xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt><t:k name="admin.col.status"/></dt><dd id="account-state"><xsl:for-each select="$a"><xsl:call-template name="account-state"/></xsl:for-each></dd>
        <dt><t:k name="admin.account.created"/></dt><dd><xsl:call-template name="when"><xsl:with-param name="t" select="$a/@created"/><xsl:with-param name="iso" select="$a/@created_iso"/></xsl:call-template></dd>
        <dt>Password</dt>
        <dd id="account-password-source">
          <xsl:choose>
            <xsl:when test="$a/@password_source = 'pserv' or not($a/@password_source)"><t:k name="admin.account.pw.pserv"/></xsl:when>
            <xsl:otherwise><t:k name="admin.account.pw.directory"/><xsl:value-of select="$a/@password_source"/><t:k name="admin.account.pw.directory.after"/></xsl:otherwise>
          </xsl:choose>
        </dd>
        <xsl:if test="$a/@password_source = 'pserv' or not($a/@password_source)">
        <dt><t:k name="admin.account.pw.set"/></dt><dd><xsl:call-template name="when"><xsl:with-param name="t" select="$a/@password_set"/><xsl:with-param name="iso" select="$a/@password_set_iso"/><xsl:with-param name="none"><t:k name="admin.state.nopassword"/></xsl:with-param></xsl:call-template></dd>
        </xsl:if>
        <dt><t:k name="admin.col.last_login"/></dt><dd><xsl:call-template name="when"><xsl:with-param name="t" select="$a/@last_login"/><xsl:with-param name="iso" select="$a/@last_login_iso"/><xsl:with-param name="none"><t:k name="admin.never"/></xsl:with-param></xsl:call-template></dd>
        <dt><t:k name="admin.account.sessions"/></dt><dd><xsl:value-of select="$a/@sessions"/></dd>
        <dt><t:k name="admin.account.failures"/></dt><dd><xsl:value-of select="$a/@failures"/></dd>
      </dl>
    </section>

    <section class="card" aria-labelledby="sec-roles">
      <h2 id="sec-roles"><t:k name="admin.col.roles"/></h2>
      <form class="admin-roles-form" method="post" action="{$action}roles">
        <xsl:call-template name="csrf-field"/>
        <fieldset>
          <legend><t:k name="admin.account.roles.legend"/><xsl:value-of select="$a/@username"/></legend>
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
          <p class="hint"><t:k name="admin.account.roles.self"/></p>
        </xsl:if>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary"><t:k name="admin.account.roles.save"/></button>
        </div>
      </form>
    </section>

    <section class="card" aria-labelledby="sec-delegation" id="delegation">
      <h2 id="sec-delegation"><t:k name="admin.account.dlg.title"/></h2>
      <p class="hint"><t:k name="admin.account.dlg.hint"/><xsl:value-of select="$a/@full_name"/><t:k name="admin.account.dlg.hint.after"/><a href="{$action}delegations"><t:k name="admin.account.dlg.all"/></a></p>
      <xsl:if test="/page/content/delegations/delegation[@direction = 'out' and (@status = 'berjalan' or @status = 'terjadwal')]">
        <xsl:call-template name="delegation-table">
          <xsl:with-param name="rows" select="/page/content/delegations/delegation[@direction = 'out' and (@status = 'berjalan' or @status = 'terjadwal')]"/>
          <xsl:with-param name="direction" select="'out'"/>
          <xsl:with-param name="back" select="'admin'"/>
          <xsl:with-param name="caption"><t:k name="admin.account.dlg.caption"/></xsl:with-param>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="delegation-form">
        <xsl:with-param name="action" select="concat('admin/accounts/', $a/@id, '/delegations')"/>
        <xsl:with-param name="idp" select="'adm-dlg'"/>
      </xsl:call-template>
      <xsl:call-template name="delegation-dialog"/>
    </section>

    <section class="card" aria-labelledby="sec-state">
      <h2 id="sec-state"><t:k name="admin.account.state"/></h2>

      <xsl:if test="$a/@locked = '1'">
        <p class="notice notice-warning">
          <xsl:text><t:k name="admin.account.locked"/></xsl:text>
          <xsl:if test="$a/@locked_until">
            <xsl:text><t:k name="admin.account.locked.until"/></xsl:text><time datetime="{$a/@locked_until_iso}"><xsl:value-of select="$a/@locked_until"/></time><xsl:text>)</xsl:text>
          </xsl:if>
          <xsl:text>.</xsl:text>
        </p>
      </xsl:if>
      <div class="form-actions admin-actions">
        <xsl:choose>
          <xsl:when test="$a/@active = '1'">
            <form method="post" action="{$action}deactivate">
              <xsl:call-template name="csrf-field"/>
              <button type="submit" class="btn btn-danger"><t:k name="admin.account.deactivate"/></button>
            </form>
          </xsl:when>
          <xsl:otherwise>
            <form method="post" action="{$action}reactivate">
              <xsl:call-template name="csrf-field"/>
              <button type="submit" class="btn btn-success"><t:k name="admin.account.reactivate"/></button>
            </form>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$a/@locked = '1' or $a/@failures != '0'">
          <form method="post" action="{$action}unlock">
            <xsl:call-template name="csrf-field"/>
            <button type="submit" class="btn btn-outline"><t:k name="admin.account.unlock"/></button>
          </form>
        </xsl:if>
        <xsl:if test="$a/@active = '1' and string($a/@email) != '' and (not($a/@password_source) or $a/@password_source = 'pserv')">
          <form method="post" action="{$action}link">
            <xsl:call-template name="csrf-field"/>
            <button type="submit" class="btn btn-outline"><t:k name="admin.account.link"/></button>
          </form>
        </xsl:if>
      </div>
      <p class="hint"><t:k name="admin.account.state.hint"/></p>
    </section>

    <xsl:variable name="m" select="/page/content/mfa"/>
    <section class="card" aria-labelledby="sec-mfa">
      <h2 id="sec-mfa"><t:k name="admin.account.mfa"/></h2>
      <xsl:choose>
        <xsl:when test="$m/@enabled = '1'">
          <p id="mfa-state"><t:k name="admin.account.mfa.since"/><xsl:call-template name="when"><xsl:with-param name="t" select="$m/@since"/><xsl:with-param name="iso" select="$m/@since_iso"/></xsl:call-template><t:k name="admin.account.mfa.left"/><xsl:value-of select="$m/@left"/><t:k name="admin.account.mfa.of"/></p>
        </xsl:when>
        <xsl:otherwise>
          <p id="mfa-state"><t:k name="admin.account.mfa.off"/></p>
        </xsl:otherwise>
      </xsl:choose>
      <form method="post" action="{$action}mfa-reset">
        <xsl:call-template name="csrf-field"/>
        <button type="submit" class="btn btn-outline"><t:k name="admin.account.mfa.reset"/></button>
      </form>
      <p class="hint"><t:k name="admin.account.mfa.hint"/></p>
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
