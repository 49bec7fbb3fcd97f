<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_subject.xsl: Permintaan Data Pribadi (Administrator only): what
  P-Serv holds about one person, named by nopek and/or e-mail (exact
  matches only), its export as JSON, and per request Anonimkan.
  /page/content[@nopek @email @nopek_error @email_error @searched @query
                @count]:
    notice[@kind = ok | refused | confirm]     what the last action did
    employee[@nopek @full_name @position @email @unit_name
             @employment_type @active]
    account[@id @username @full_name @nopek @email @active @created
            @last_login @roles]
    request[@id @nomor @kind_label @nopek @full_name @email @unit_name
            @status @status_label @created @updated @anonymised @purged
            @account @anon (ok | done | flow | account) @confirm]
      attachment[@filename @content_type @size]
    mail[@to @subject @status @queued @sent @nomor]
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="admin.xsl"/>

  <xsl:template name="subject-person">
    <input type="hidden" name="nopek" value="{/page/content/@nopek}"/>
    <input type="hidden" name="email" value="{/page/content/@email}"/>
  </xsl:template>

  <xsl:template name="subject-when">
    <xsl:param name="at"/>
    <xsl:param name="iso"/>
    <xsl:choose>
      <xsl:when test="$at"><time datetime="{$iso}"><xsl:value-of select="$at"/></time></xsl:when>
      <xsl:otherwise>-</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="body">
    <xsl:variable name="c" select="/page/content"/>
    <xsl:call-template name="admin-nav"/>
    <p class="lead"><t:k name="subject.lead"/></p>

    <xsl:for-each select="$c/notice">
      <xsl:choose>
        <xsl:when test="@kind = 'refused'">
          <div class="notice notice-error subject-notice subject-notice-refused" role="alert"><xsl:value-of select="."/></div>
        </xsl:when>
        <xsl:when test="@kind = 'ok'">
          <div class="notice notice-success subject-notice subject-notice-ok" role="status"><xsl:value-of select="."/></div>
        </xsl:when>
        <xsl:otherwise>
          <div class="notice notice-info subject-notice subject-notice-{@kind}" role="status"><xsl:value-of select="."/></div>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>

    <form class="card subject-form" method="get" action="{$base}admin/subject">
      <xsl:call-template name="admin-field">
        <xsl:with-param name="name" select="'nopek'"/>
        <xsl:with-param name="label"><t:k name="subject.col.nopek"/></xsl:with-param>
        <xsl:with-param name="value" select="$c/@nopek"/>
        <xsl:with-param name="error" select="string($c/@nopek_error)"/>
        <xsl:with-param name="inputmode" select="'numeric'"/>
        <xsl:with-param name="maxlength" select="'20'"/>
      </xsl:call-template>
      <xsl:call-template name="admin-field">
        <xsl:with-param name="name" select="'email'"/>
        <xsl:with-param name="label"><t:k name="subject.col.email"/></xsl:with-param>
        <xsl:with-param name="value" select="$c/@email"/>
        <xsl:with-param name="error" select="string($c/@email_error)"/>
        <xsl:with-param name="maxlength" select="'254'"/>
        <xsl:with-param name="hint"><t:k name="subject.form.hint"/></xsl:with-param>
      </xsl:call-template>
      <p class="form-actions"><button type="submit" class="btn btn-primary"><t:k name="subject.search"/></button></p>
    </form>

    <xsl:if test="$c/@searched = '1'">
      <form class="subject-export" method="post" action="{$base}admin/subject/export">
        <xsl:call-template name="csrf-field"/>
        <xsl:call-template name="subject-person"/>
        <button type="submit" class="btn btn-outline"><t:k name="subject.export"/></button>
        <span class="hint"><xsl:text> </xsl:text><t:k name="subject.export.hint"/></span>
      </form>

      <section class="card subject-employee" aria-labelledby="subject-employee-title">
        <h2 id="subject-employee-title"><t:k name="subject.employee"/></h2>
        <xsl:choose>
          <xsl:when test="$c/employee">
            <xsl:for-each select="$c/employee">
              <dl class="detail-list subject-facts">
                <dt><t:k name="subject.col.nopek"/></dt><dd class="employee-nopek"><xsl:value-of select="@nopek"/></dd>
                <dt><t:k name="subject.col.name"/></dt><dd><xsl:value-of select="@full_name"/></dd>
                <dt><t:k name="subject.col.position"/></dt><dd><xsl:value-of select="@position"/></dd>
                <dt><t:k name="subject.col.email"/></dt><dd><xsl:value-of select="@email"/></dd>
                <dt><t:k name="subject.col.unit"/></dt><dd><xsl:value-of select="@unit_name"/></dd>
                <dt><t:k name="subject.col.active"/></dt><dd><xsl:call-template name="admin-flag"><xsl:with-param name="on" select="@active"/></xsl:call-template></dd>
              </dl>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise><p class="empty-state"><t:k name="subject.employee.none"/></p></xsl:otherwise>
        </xsl:choose>
      </section>

      <section class="card subject-accounts" aria-labelledby="subject-accounts-title">
        <h2 id="subject-accounts-title"><t:k name="subject.accounts"/></h2>
        <xsl:choose>
          <xsl:when test="$c/account">
            <ul class="subject-account-list">
              <xsl:for-each select="$c/account">
                <li class="subject-account">
                  <a class="account-username" href="{$base}admin/accounts/{@id}"><xsl:value-of select="@username"/></a>
                  <xsl:text> · </xsl:text><xsl:value-of select="@full_name"/>
                  <xsl:text> · </xsl:text><span class="account-email"><xsl:value-of select="@email"/></span>
                  <xsl:text> </xsl:text>
                  <xsl:call-template name="admin-flag"><xsl:with-param name="on" select="@active"/></xsl:call-template>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:when>
          <xsl:otherwise><p class="empty-state"><t:k name="subject.accounts.none"/></p></xsl:otherwise>
        </xsl:choose>
        <p class="hint subject-account-note"><t:k name="subject.accounts.note"/></p>
      </section>

      <section class="card subject-requests" aria-labelledby="subject-requests-title">
        <h2 id="subject-requests-title"><t:k name="subject.requests"/></h2>
        <xsl:choose>
          <xsl:when test="$c/request">
            <div class="table-wrap" role="region" aria-labelledby="subject-requests-title" tabindex="0">
              <table class="data-table subject-table">
                <thead>
                  <tr>
                    <th scope="col"><t:k name="admin.col.nomor"/></th>
                    <th scope="col"><t:k name="subject.col.status"/></th>
                    <th scope="col"><t:k name="subject.col.dates"/></th>
                    <th scope="col"><t:k name="subject.col.attachments"/></th>
                    <th scope="col"><t:k name="subject.col.anonymised"/></th>
                  </tr>
                </thead>
                <tbody>
                  <xsl:for-each select="$c/request">
                    <tr class="subject-request status-{@status}" id="request-{@id}">
                      <th scope="row" class="cell-nomor">
                        <a href="{$base}requests/{@id}"><xsl:value-of select="@nomor"/></a>
                        <span class="cell-sub"><xsl:value-of select="@full_name"/> · <xsl:value-of select="@kind_label"/></span>
                      </th>
                      <td class="subject-status" t:data-label="subject.col.status"><xsl:value-of select="@status_label"/></td>
                      <td t:data-label="subject.col.dates">
                        <t:k name="subject.created"/><xsl:call-template name="subject-when"><xsl:with-param name="at" select="@created"/><xsl:with-param name="iso" select="@created_iso"/></xsl:call-template>
                        <span class="cell-sub"><t:k name="subject.updated"/><xsl:call-template name="subject-when"><xsl:with-param name="at" select="@updated"/><xsl:with-param name="iso" select="@updated_iso"/></xsl:call-template></span>
                      </td>
                      <td class="subject-attachments" t:data-label="subject.col.attachments">
                        <xsl:choose>
                          <xsl:when test="attachment">
                            <ul>
                              <xsl:for-each select="attachment">
                                <li><span class="attachment-name"><xsl:value-of select="@filename"/></span> (<span class="attachment-size"><xsl:value-of select="@size"/></span>)</li>
                              </xsl:for-each>
                            </ul>
                          </xsl:when>
                          <xsl:when test="@purged"><t:k name="subject.purged"/><xsl:value-of select="@purged"/></xsl:when>
                          <xsl:otherwise>-</xsl:otherwise>
                        </xsl:choose>
                      </td>
                      <td class="subject-anon anon-{@anon}" t:data-label="subject.col.anonymised">
                        <xsl:choose>
                          <xsl:when test="@anon = 'done'"><span class="badge badge-completed"><t:k name="subject.anon.yes"/></span><xsl:text> </xsl:text><xsl:value-of select="@anonymised"/></xsl:when>
                          <xsl:when test="@anon = 'flow'"><t:k name="subject.anon.no"/><span class="cell-sub"><t:k name="subject.anon.flow.short"/></span></xsl:when>
                          <xsl:when test="@anon = 'account'"><t:k name="subject.anon.no"/><span class="cell-sub"><t:k name="subject.anon.account.short"/></span></xsl:when>
                          <xsl:otherwise>
                            <t:k name="subject.anon.no"/>
                            <form class="inline-form subject-anon-form" method="post" action="{$base}admin/subject/requests/{@id}/anonymise">
                              <xsl:call-template name="csrf-field"/>
                              <xsl:call-template name="subject-person"/>
                              <xsl:choose>
                                <xsl:when test="@confirm = '1'">
                                  <input type="hidden" name="confirm" value="1"/>
                                  <button type="submit" class="btn btn-danger btn-sm"><t:k name="subject.anon.yes.button"/></button>
                                  <xsl:text> </xsl:text><a class="btn btn-outline btn-sm" href="{$base}admin/subject?{$c/@query}"><t:k name="subject.cancel"/></a>
                                </xsl:when>
                                <xsl:otherwise>
                                  <button type="submit" class="btn btn-outline btn-sm"><t:k name="subject.anon.button"/></button>
                                </xsl:otherwise>
                              </xsl:choose>
                            </form>
                          </xsl:otherwise>
                        </xsl:choose>
                      </td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </div>
          </xsl:when>
          <xsl:otherwise><p class="empty-state"><t:k name="subject.requests.none"/></p></xsl:otherwise>
        </xsl:choose>
        <p class="hint"><t:k name="subject.anon.explain"/></p>
      </section>

      <section class="card subject-mails" aria-labelledby="subject-mails-title">
        <h2 id="subject-mails-title"><t:k name="subject.mails"/></h2>
        <xsl:choose>
          <xsl:when test="$c/mail">
            <ul class="subject-mail-list">
              <xsl:for-each select="$c/mail">
                <li class="subject-mail mail-{@status}">
                  <span class="mail-subject"><xsl:value-of select="@subject"/></span>
                  <xsl:text> · </xsl:text><span class="mail-to"><xsl:value-of select="@to"/></span>
                  <xsl:text> · </xsl:text><span class="mail-status"><xsl:choose><xsl:when test="@status = 'sent'"><t:k name="subject.mail.sent"/></xsl:when><xsl:when test="@status = 'failed'"><t:k name="subject.mail.failed"/></xsl:when><xsl:otherwise><t:k name="subject.mail.pending"/></xsl:otherwise></xsl:choose></span>
                  <xsl:text> · </xsl:text><xsl:call-template name="subject-when"><xsl:with-param name="at" select="@queued"/><xsl:with-param name="iso" select="@queued_iso"/></xsl:call-template>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:when>
          <xsl:otherwise><p class="empty-state"><t:k name="subject.mails.none"/></p></xsl:otherwise>
        </xsl:choose>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
