<?xml version="1.0" encoding="UTF-8"?>
<!--
  ticket.xsl: Detail Request User ID, one ticket with its approval progress,
  Activity Log and, for whoever may act on it now, the approval panel
  (manual Gambar 4.8, 4.9, 4.13, 7.9 - 7.11). /page/content:
    @id @nomor @status @status_label @created @created_iso
    notice[@type="success|error"]   0..1, the outcome of a decision
    warning                         0..n, "Peringatan: ...": the same
                                    person's other open requests and
                                    accounts; for ICT roles on an open
                                    ticket only
    detail[@kind_label @nopek @full_name @position @email @unit_name
           @atasan_name @note @account_username]
    platforms/platform[@name @note]
    attachments[@purged]            @purged: when the retention rules took
                                    the attachments (retain.c), in words
      /attachment[@id @filename @content_type @size_label @href]
    progress/stage[@key @label @state @actor @at]
        state: done | current | pending | rejected | skipped
    waiting[@names="1" @stage_label @since @since_iso @stuck @assign_href]
           /who[@name @via @for_name]
                                    0..1, while it waits: Menunggu under
                                    the steps (ticket_parts.xsl): who may
                                    act now, or why nobody may; the
                                    Administrator's Alihkan Persetujuan
    log/entry[@at @at_iso @actor @role @action @reason @earlier]
                                     @earlier="1": before the last return
                                     for revision (shown "sebelum revisi")
    panel[@kind="approve|executor" @status @reason @reason_error
          @user_id @user_id_error]   only when the user may act now (and
                                     then, below 640 px, the Approval
                                     jump link at the top)
    resend                           0..1, executor on a completed ticket
  The panel's form posts to /requests/{id}/decide with decision=approve or
  reject. static/ticket.js asks for confirmation in a <dialog> first and
  then submits with confirm=1; without JavaScript the server answers with
  the confirmation page (confirm.xsl).
  Attachment @href is a path from the site root (see site-href).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>
  <!-- Platform System and Progres Persetujuan, shared with status.xsl. -->
  <xsl:import href="ticket_parts.xsl"/>

  <xsl:variable name="c" select="/page/content"/>
  <xsl:variable name="d" select="/page/content/detail"/>
  <xsl:variable name="p" select="/page/content/panel[1]"/>
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyz'"/>
  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"/>

  <xsl:template name="head-extra">
    <script src="{$base}static/ticket.js" defer="defer"></script>
  </xsl:template>

  <xsl:template name="default-crumbs">
    <nav class="crumbs" aria-label="Breadcrumb">
      <ol>
        <li><a href="{$base}home"><t:k name="layout.home"/></a></li>
        <li><a href="{$base}helpdesk">ICT Helpdesk</a></li>
        <li><a href="{$base}requests">Request UID Management System</a></li>
        <li aria-current="page"><xsl:value-of select="/page/@title"/></li>
      </ol>
    </nav>
  </xsl:template>

  <xsl:template name="body">
    <!-- phones (pserv.css): straight to the decision panel -->
    <xsl:if test="$p">
      <a class="btn btn-outline btn-sm jump-approval" href="#approval"><t:k name="ticket.approval"/></a>
    </xsl:if>
    <xsl:apply-templates select="$c/notice[1]"/>

    <xsl:if test="$c/warning[normalize-space(.) != '']">
      <div class="notice notice-warning ticket-warning" role="status">
        <xsl:for-each select="$c/warning[normalize-space(.) != '']">
          <p><xsl:value-of select="."/></p>
        </xsl:for-each>
      </div>
    </xsl:if>

    <div class="ticket-grid">
      <div class="ticket-main">
        <xsl:call-template name="data-pemohon"/>
        <xsl:call-template name="platforms">
          <xsl:with-param name="notes" select="false()"/>
        </xsl:call-template>
        <xsl:call-template name="catatan"/>
        <xsl:call-template name="attachments"/>
      </div>
      <div class="ticket-side">
        <xsl:call-template name="progress"/>
        <xsl:apply-templates select="$p"/>
        <xsl:apply-templates select="$c/resend[1]"/>
      </div>
    </div>

    <xsl:call-template name="activity-log"/>

    <xsl:if test="$p">
      <xsl:call-template name="confirm-dialog"/>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ notice -->
  <xsl:template match="notice">
    <xsl:choose>
      <xsl:when test="@type = 'error'">
        <div class="notice notice-error ticket-notice" role="alert"><xsl:value-of select="."/></div>
      </xsl:when>
      <xsl:otherwise>
        <div class="notice notice-success ticket-notice" role="status"><xsl:value-of select="."/></div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ========================================================== Data Pemohon -->
  <xsl:template name="data-pemohon">
    <section class="card ticket-section">
      <h2 id="sec-data"><t:k name="ticket.data"/></h2>
      <dl class="detail-list">
        <dt><t:k name="ticket.nomor"/></dt>
        <dd class="ticket-nomor"><xsl:value-of select="$c/@nomor"/></dd>
        <dt><t:k name="ticket.created"/></dt>
        <dd><time datetime="{$c/@created_iso}"><xsl:value-of select="$c/@created"/></time></dd>
        <dt><t:k name="ticket.status"/></dt>
        <dd class="status-{$c/@status}">
          <xsl:call-template name="status-badge">
            <xsl:with-param name="status" select="$c/@status"/>
            <xsl:with-param name="label" select="$c/@status_label"/>
          </xsl:call-template>
        </dd>
        <dt><t:k name="ticket.kind"/></dt>
        <dd><xsl:value-of select="$d/@kind_label"/></dd>
        <xsl:if test="normalize-space($d/@nopek) != ''">
          <dt><t:k name="ticket.nopek"/></dt>
          <dd class="mono"><xsl:value-of select="$d/@nopek"/></dd>
        </xsl:if>
        <dt><t:k name="ticket.full-name"/></dt>
        <dd><xsl:value-of select="$d/@full_name"/></dd>
        <dt><t:k name="ticket.position"/></dt>
        <dd><xsl:value-of select="$d/@position"/></dd>
        <dt><t:k name="ticket.email"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="contains($d/@email, '@')">
              <a href="mailto:{$d/@email}"><xsl:value-of select="$d/@email"/></a>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="$d/@email"/></xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt><t:k name="ticket.unit"/></dt>
        <dd><xsl:value-of select="$d/@unit_name"/></dd>
        <dt><t:k name="ticket.atasan"/></dt>
        <dd><xsl:value-of select="$d/@atasan_name"/></dd>
        <xsl:if test="normalize-space($d/@account_username) != ''">
          <dt><t:k name="ticket.user-id"/></dt>
          <dd class="mono ticket-account"><xsl:value-of select="$d/@account_username"/></dd>
        </xsl:if>
      </dl>
    </section>
  </xsl:template>

  <!-- ======================= Catatan Platform System Dipilih (section 3 of the form):
       the ticked platforms' notes, then Catatan Pemohon -->
  <xsl:template name="catatan">
    <section class="card ticket-section" aria-labelledby="sec-notes">
      <h2 id="sec-notes"><t:k name="ticket.notes.title"/></h2>
      <h3 id="sec-platform-notes"><t:k name="ticket.notes.platforms"/></h3>
      <xsl:choose>
        <xsl:when test="$c/platforms/platform">
          <dl class="detail-list ticket-platform-notes">
            <xsl:for-each select="$c/platforms/platform">
              <dt><xsl:value-of select="@name"/></dt>
              <dd class="pre-text">
                <xsl:choose>
                  <xsl:when test="normalize-space(@note) != ''"><xsl:value-of select="@note"/></xsl:when>
                  <xsl:otherwise>—</xsl:otherwise>
                </xsl:choose>
              </dd>
            </xsl:for-each>
          </dl>
        </xsl:when>
        <xsl:otherwise><p class="muted-text"><t:k name="ticket.platforms.none"/></p></xsl:otherwise>
      </xsl:choose>
      <h3 id="sec-note" class="ticket-subtitle"><t:k name="ticket.note"/></h3>
      <xsl:choose>
        <xsl:when test="normalize-space($d/@note) != ''">
          <p class="pre-text"><xsl:value-of select="$d/@note"/></p>
        </xsl:when>
        <xsl:otherwise><p class="muted-text"><t:k name="ticket.note.none"/></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ============================================================ Attachment -->
  <xsl:template name="attachments">
    <section class="card ticket-section">
      <h2 id="sec-attach"><t:k name="ticket.attach"/></h2>
      <xsl:choose>
        <xsl:when test="$c/attachments/@purged and not($c/attachments/attachment)">
          <p class="muted-text attach-purged"><t:k name="retain.ticket.purged"/><xsl:text> </xsl:text><xsl:value-of select="$c/attachments/@purged"/></p>
        </xsl:when>
        <xsl:when test="$c/attachments/attachment">
          <ul class="attach-list">
            <xsl:apply-templates select="$c/attachments/attachment"/>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="muted-text"><t:k name="ticket.attach.none"/></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="attachment">
    <xsl:variable name="type" select="translate(@content_type, $upper, $lower)"/>
    <xsl:variable name="href">
      <xsl:call-template name="site-href"><xsl:with-param name="h" select="@href"/></xsl:call-template>
    </xsl:variable>
    <li>
      <xsl:choose>
        <xsl:when test="starts-with($type, 'image/')">
          <xsl:attribute name="class">attach-item attach-image</xsl:attribute>
          <a class="attach-link" href="{$href}" target="_blank" rel="noopener">
            <span class="attach-thumb"><img src="{$href}" alt="{@filename}" loading="lazy"/></span>
            <span class="attach-text">
              <span class="attach-name" aria-hidden="true"><xsl:value-of select="@filename"/></span>
              <span class="attach-size"><xsl:value-of select="@size_label"/></span>
              <span class="visually-hidden"><t:k name="ticket.attach.image-tab"/></span>
            </span>
          </a>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="is-pdf" select="contains($type, 'pdf')"/>
          <xsl:attribute name="class">
            <xsl:text>attach-item attach-file</xsl:text>
            <xsl:if test="$is-pdf"> attach-pdf</xsl:if>
          </xsl:attribute>
          <a class="attach-link" href="{$href}" target="_blank" rel="noopener">
            <span class="attach-icon" aria-hidden="true">
              <xsl:choose>
                <xsl:when test="$is-pdf"><t:k name="ticket.attach.pdf"/></xsl:when>
                <xsl:otherwise><t:k name="ticket.attach.file"/></xsl:otherwise>
              </xsl:choose>
            </span>
            <span class="attach-text">
              <span class="attach-name"><xsl:value-of select="@filename"/></span>
              <span class="attach-size">
                <xsl:if test="$is-pdf"><t:k name="ticket.attach.pdf-size"/></xsl:if>
                <xsl:value-of select="@size_label"/>
              </span>
              <span class="visually-hidden"><t:k name="ticket.attach.tab"/></span>
            </span>
          </a>
        </xsl:otherwise>
      </xsl:choose>
    </li>
  </xsl:template>

  <!-- ========================================================== Activity Log -->
  <xsl:template name="activity-log">
    <section class="card ticket-section activity-section">
      <h2 id="sec-log"><t:k name="ticket.log"/></h2>
      <xsl:choose>
        <xsl:when test="$c/log/entry">
          <ol class="activity-log">
            <xsl:for-each select="$c/log/entry">
              <xsl:variable name="a" select="translate(@action, $upper, $lower)"/>
              <xsl:variable name="tone">
                <xsl:choose>
                  <xsl:when test="contains($a, 'reject') or contains($a, 'tolak') or contains($a, 'cancel')">bad</xsl:when>
                  <xsl:when test="contains($a, 'revis')">info</xsl:when>
                  <xsl:when test="contains($a, 'approv') or contains($a, 'confirm') or contains($a, 'complet') or contains($a, 'setuju')">good</xsl:when>
                  <xsl:when test="contains($a, 'submit')">info</xsl:when>
                  <xsl:otherwise>neutral</xsl:otherwise>
                </xsl:choose>
              </xsl:variable>
              <li class="log-entry log-{$tone}">
                <xsl:if test="@earlier = '1'">
                  <xsl:attribute name="class">log-entry log-<xsl:value-of select="$tone"/> log-earlier</xsl:attribute>
                </xsl:if>
                <p class="log-time">
                  <xsl:choose>
                    <xsl:when test="normalize-space(@at_iso) != ''">
                      <time datetime="{@at_iso}"><xsl:value-of select="@at"/></time>
                    </xsl:when>
                    <xsl:otherwise><xsl:value-of select="@at"/></xsl:otherwise>
                  </xsl:choose>
                </p>
                <div class="log-body">
                  <p class="log-head">
                    <span class="log-action"><xsl:value-of select="@action"/></span>
                    <xsl:if test="@earlier = '1'">
                      <xsl:text> </xsl:text>
                      <span class="log-round"><t:k name="ticket.log.earlier"/></span>
                    </xsl:if>
                    <xsl:text> </xsl:text>
                    <span class="log-actor">
                      <span class="visually-hidden"><t:k name="ticket.log.by"/></span>
                      <span class="log-name"><xsl:value-of select="@actor"/></span>
                      <xsl:if test="normalize-space(@role) != ''">
                        <span class="log-role"><xsl:text> (</xsl:text><xsl:value-of select="@role"/><xsl:text>)</xsl:text></span>
                      </xsl:if>
                    </span>
                  </p>
                  <xsl:if test="normalize-space(@reason) != ''">
                    <p class="log-reason"><span class="log-reason-label"><t:k name="ticket.log.reason"/></span><xsl:value-of select="@reason"/></p>
                  </xsl:if>
                </div>
              </li>
            </xsl:for-each>
          </ol>
        </xsl:when>
        <xsl:otherwise><p class="muted-text"><t:k name="ticket.log.none"/></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ======================================================= decision panels -->
  <xsl:template match="panel">
    <xsl:variable name="executor" select="@kind = 'executor'"/>
    <section class="card ticket-section decide-panel" id="approval">
      <h2 id="sec-panel">
        <xsl:choose>
          <xsl:when test="$executor"><t:k name="ticket.panel.executor"/></xsl:when>
          <xsl:otherwise><t:k name="ticket.approval"/></xsl:otherwise>
        </xsl:choose>
      </h2>
      <p class="panel-intro">
        <xsl:choose>
          <xsl:when test="$executor"><t:k name="ticket.panel.intro.executor"/></xsl:when>
          <xsl:otherwise><t:k name="ticket.panel.intro"/></xsl:otherwise>
        </xsl:choose>
        <xsl:text><t:k name="ticket.panel.intro.return"/></xsl:text>
      </p>
      <form class="decide-form" method="post" action="{$base}requests/{$c/@id}/decide"
            data-dialog="decide-dialog">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="status" value="{@status}"/>

        <xsl:if test="$executor">
          <div class="field">
            <label for="dec-user_id"><t:k name="ticket.panel.user-id"/></label>
            <input id="dec-user_id" name="user_id" type="text" value="{@user_id}" maxlength="32"
                   autocomplete="off" autocapitalize="none" spellcheck="false" data-required="confirm"
                   t:data-missing="ticket.panel.user-id.missing">
              <xsl:call-template name="describe">
                <xsl:with-param name="id" select="'dec-user_id'"/>
                <xsl:with-param name="error" select="string(@user_id_error)"/>
              </xsl:call-template>
            </input>
            <span class="hint" id="dec-user_id-hint"><t:k name="ticket.panel.user-id.hint"/></span>
            <xsl:call-template name="error-out">
              <xsl:with-param name="id" select="'dec-user_id'"/>
              <xsl:with-param name="error" select="string(@user_id_error)"/>
            </xsl:call-template>
          </div>
        </xsl:if>

        <div class="field">
          <label for="dec-reason">
            <xsl:choose>
              <xsl:when test="$executor"><t:k name="ticket.panel.note"/></xsl:when>
              <xsl:otherwise><t:k name="ticket.panel.reason"/></xsl:otherwise>
            </xsl:choose>
          </label>
          <textarea id="dec-reason" name="reason" rows="4" required="required" data-required="any">
            <xsl:attribute name="data-missing">
              <xsl:choose>
                <xsl:when test="$executor"><t:k name="ticket.panel.note.missing"/></xsl:when>
                <xsl:otherwise><t:k name="ticket.panel.reason.missing"/></xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
            <xsl:call-template name="describe">
              <xsl:with-param name="id" select="'dec-reason'"/>
              <xsl:with-param name="error" select="string(@reason_error)"/>
            </xsl:call-template>
            <xsl:value-of select="@reason"/>
          </textarea>
          <span class="hint" id="dec-reason-hint">
            <xsl:choose>
              <xsl:when test="$executor"><t:k name="ticket.panel.note.hint"/></xsl:when>
              <xsl:otherwise><t:k name="ticket.panel.reason.hint"/></xsl:otherwise>
            </xsl:choose>
          </span>
          <xsl:call-template name="error-out">
            <xsl:with-param name="id" select="'dec-reason'"/>
            <xsl:with-param name="error" select="string(@reason_error)"/>
          </xsl:call-template>
        </div>

        <div class="form-actions decide-actions">
          <xsl:choose>
            <xsl:when test="$executor">
              <button type="submit" name="decision" value="{'approve'}" class="btn btn-success"
                      data-question="confirm">Confirm</button>
            </xsl:when>
            <xsl:otherwise>
              <button type="submit" name="decision" value="{'approve'}" class="btn btn-success"
                      data-question="approve">Approve</button>
            </xsl:otherwise>
          </xsl:choose>
          <button type="submit" name="decision" value="{'reject'}" class="btn btn-danger"
                  data-question="reject">Reject</button>
          <button type="submit" name="decision" value="{'return'}" class="btn btn-outline"
                  data-question="return"><t:k name="ticket.panel.return"/></button>
        </div>
      </form>
    </section>
  </xsl:template>

  <!-- aria-invalid / aria-describedby (hint + error); call inside the control. -->
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

  <!-- ========================================================= resend link -->
  <xsl:template match="resend">
    <section class="card ticket-section resend-panel">
      <h2 id="sec-resend"><t:k name="ticket.resend.title"/></h2>
      <p><t:k name="ticket.resend.text"/></p>
      <form method="post" action="{$base}requests/{$c/@id}/resend">
        <xsl:call-template name="csrf-field"/>
        <button type="submit" class="btn btn-outline"><t:k name="ticket.resend.button"/></button>
      </form>
    </section>
  </xsl:template>

  <!-- ==================================================== confirmation dialog -->
  <!-- Shown by static/ticket.js; "{user_id}" in data-q-confirm is replaced
       by the value typed into User ID Baru. -->
  <xsl:template name="confirm-dialog">
    <dialog id="decide-dialog" class="confirm-dialog" aria-labelledby="decide-dialog-title"
            aria-describedby="decide-dialog-question"
            t:data-q-approve="ticket.dialog.q.approve"
            t:data-q-reject="ticket.dialog.q.reject"
            t:data-q-return="ticket.dialog.q.return"
            t:data-yes-return="ticket.dialog.yes.return"
            t:data-q-confirm="ticket.dialog.q.confirm">
      <h2 id="decide-dialog-title" class="confirm-dialog-title"><t:k name="ticket.dialog.title"/></h2>
      <p id="decide-dialog-question" class="confirm-dialog-question"></p>
      <div class="confirm-dialog-actions">
        <button type="button" class="btn btn-primary" data-dialog-yes=""><t:k name="ticket.dialog.yes"/></button>
        <button type="button" class="btn btn-outline" data-dialog-cancel=""><t:k name="ticket.dialog.cancel"/></button>
      </div>
    </dialog>
  </xsl:template>

  <!-- ================================================================ helpers -->
  <!-- A path from the site root ("/requests/12/...") under the mount point. -->
  <xsl:template name="site-href">
    <xsl:param name="h"/>
    <xsl:choose>
      <xsl:when test="starts-with($h, $base)"><xsl:value-of select="$h"/></xsl:when>
      <xsl:when test="starts-with($h, '/')"><xsl:value-of select="concat($base, substring($h, 2))"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$h"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
