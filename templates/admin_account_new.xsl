<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_account_new.xsl: Buat Akun, the confirmation of an account for an
  employee of Data Pekerja (Administrator only; works without
  JavaScript). /page/content:
    employee[@nopek @full_name @email @unit_name @account_id @account]
    form[@username @username_error]   0..1: absent when refused (flash)
  The form posts nopek, username and confirm=1 to /admin/employees/account.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="admin.xsl"/>

  <xsl:variable name="e" select="/page/content/employee"/>
  <xsl:variable name="f" select="/page/content/form"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <section class="card confirm-card" aria-labelledby="newacct-question">
      <h2 class="confirm-question" id="newacct-question">
        <xsl:choose>
          <xsl:when test="$f"><t:k name="admin.newacct.question"/></xsl:when>
          <xsl:otherwise><t:k name="admin.newacct.refused"/></xsl:otherwise>
        </xsl:choose>
      </h2>
      <dl class="detail-list confirm-summary">
        <dt><t:k name="admin.col.nopek"/></dt><dd><xsl:value-of select="$e/@nopek"/></dd>
        <dt><t:k name="admin.col.full_name"/></dt><dd><xsl:value-of select="$e/@full_name"/></dd>
        <dt><t:k name="admin.col.email"/></dt><dd><xsl:value-of select="$e/@email"/></dd>
        <dt><t:k name="admin.col.unit"/></dt><dd><xsl:value-of select="$e/@unit_name"/></dd>
        <xsl:if test="$e/@account_id">
          <dt><t:k name="admin.col.account"/></dt><dd><a href="{$base}admin/accounts/{$e/@account_id}"><xsl:value-of select="$e/@account"/></a></dd>
        </xsl:if>
      </dl>
      <xsl:choose>
        <xsl:when test="$f">
          <p><t:k name="admin.newacct.text"/></p>
          <form method="post" action="{$base}admin/employees/account" class="confirm-form">
            <xsl:call-template name="csrf-field"/>
            <input type="hidden" name="nopek" value="{$e/@nopek}"/>
            <input type="hidden" name="confirm" value="1"/>
            <xsl:call-template name="admin-field">
              <xsl:with-param name="name" select="'username'"/>
              <xsl:with-param name="label">Username</xsl:with-param>
              <xsl:with-param name="value" select="$f/@username"/>
              <xsl:with-param name="error" select="string($f/@username_error)"/>
              <xsl:with-param name="maxlength">32</xsl:with-param>
              <xsl:with-param name="hint"><t:k name="admin.newacct.username.hint"/></xsl:with-param>
            </xsl:call-template>
            <div class="form-actions">
              <button type="submit" class="btn btn-primary"><t:k name="admin.newacct.create"/></button>
              <a class="btn btn-outline" href="{$base}admin/employees?q={$e/@nopek}"><t:k name="admin.cancel"/></a>
            </div>
          </form>
        </xsl:when>
        <xsl:otherwise>
          <div class="form-actions">
            <a class="btn btn-outline" href="{$base}admin/employees?q={$e/@nopek}"><t:k name="admin.back.employees"/></a>
          </div>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>
</xsl:stylesheet>
