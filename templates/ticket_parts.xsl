<?xml version="1.0" encoding="UTF-8"?>
<!--
  ticket_parts.xsl: sections of a ticket shared by the ticket page
  (ticket.xsl) and the requester's status page (status.xsl), which import
  it. Named templates only; they read /page/content:
    platforms/platform[@name @note]       "platforms": Platform System
                                          (@note shown when given)
    progress/stage[@key @label @state @actor @at]
                                          "progress": Progres Persetujuan
        state: done | current | pending | rejected | skipped; @actor and
        @at when the stage was decided (the status page gives no @actor)
    waiting[@stage_label @since @since_iso @names @stuck @assign_href]
        /who[@name @via @for_name]
                                          "progress" shows it as Menunggu
        under the steps while the ticket waits: the stage and since when;
        with @names="1" (the ticket page, never the status page) who may
        act now (via: holder | delegate, "atas nama" @for_name | assigned,
        "dialihkan"), or, when nobody may, why (@stuck); @assign_href: the
        Administrator's Alihkan Persetujuan
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">

  <!-- ======================================================= Platform System -->
  <xsl:template name="platforms">
    <xsl:param name="notes" select="true()"/>
    <section class="card ticket-section">
      <h2 id="sec-platforms"><t:k name="ticket.platforms"/></h2>
      <xsl:choose>
        <xsl:when test="/page/content/platforms/platform">
          <ul class="ticket-platforms">
            <xsl:for-each select="/page/content/platforms/platform">
              <li>
                <span class="ticket-platform-name"><xsl:value-of select="@name"/></span>
                <xsl:if test="$notes and normalize-space(@note) != ''">
                  <span class="ticket-platform-note"><xsl:value-of select="@note"/></span>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="muted-text"><t:k name="ticket.platforms.none"/></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- =================================================== Progres Persetujuan -->
  <xsl:template name="progress">
    <section class="card ticket-section">
      <h2 id="sec-progress"><t:k name="ticket.progress"/></h2>
      <ol class="approval-steps">
        <xsl:for-each select="/page/content/progress/stage">
          <xsl:variable name="state">
            <xsl:choose>
              <xsl:when test="@state = 'done' or @state = 'current' or @state = 'rejected' or @state = 'skipped'"><xsl:value-of select="@state"/></xsl:when>
              <xsl:otherwise>pending</xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <li class="step step-{$state}">
            <xsl:if test="$state = 'current'">
              <xsl:attribute name="aria-current">step</xsl:attribute>
            </xsl:if>
            <span class="step-marker" aria-hidden="true">
              <xsl:choose>
                <xsl:when test="$state = 'done'">✓</xsl:when>
                <xsl:when test="$state = 'rejected'">✕</xsl:when>
                <xsl:when test="$state = 'skipped'">–</xsl:when>
                <xsl:otherwise><xsl:value-of select="position()"/></xsl:otherwise>
              </xsl:choose>
            </span>
            <span class="step-body">
              <span class="step-label"><xsl:value-of select="@label"/></span>
              <span class="visually-hidden">: </span>
              <span class="step-state">
                <xsl:choose>
                  <xsl:when test="$state = 'done'"><t:k name="ticket.step.done"/></xsl:when>
                  <xsl:when test="$state = 'current'"><t:k name="ticket.step.current"/></xsl:when>
                  <xsl:when test="$state = 'rejected'"><t:k name="ticket.step.rejected"/></xsl:when>
                  <xsl:when test="$state = 'skipped'"><t:k name="ticket.step.skipped"/></xsl:when>
                  <xsl:otherwise><t:k name="ticket.step.pending"/></xsl:otherwise>
                </xsl:choose>
                <xsl:if test="($state = 'done' or $state = 'rejected') and (normalize-space(@actor) != '' or normalize-space(@at) != '')">
                  <xsl:text> — </xsl:text>
                  <xsl:value-of select="@actor"/>
                  <xsl:if test="normalize-space(@actor) != '' and normalize-space(@at) != ''">, </xsl:if>
                  <xsl:value-of select="@at"/>
                </xsl:if>
              </span>
            </span>
          </li>
        </xsl:for-each>
      </ol>
      <xsl:apply-templates select="/page/content/waiting[1]"/>
    </section>
  </xsl:template>

  <!-- ============================================================== Menunggu -->
  <xsl:template match="waiting">
    <div class="waiting" id="menunggu">
      <h3 class="waiting-title"><t:k name="ticket.waiting"/></h3>
      <dl class="detail-list waiting-list">
        <dt><t:k name="ticket.waiting.stage"/></dt>
        <dd class="waiting-stage"><xsl:value-of select="@stage_label"/></dd>
        <dt><t:k name="ticket.waiting.since"/></dt>
        <dd class="waiting-since"><time datetime="{@since_iso}"><xsl:value-of select="@since"/></time></dd>
        <xsl:if test="@names = '1'">
          <dt><t:k name="ticket.waiting.who"/></dt>
          <xsl:choose>
            <xsl:when test="who">
              <dd>
                <ul class="waiting-who">
                  <xsl:for-each select="who">
                    <li>
                      <xsl:value-of select="@name"/>
                      <xsl:choose>
                        <xsl:when test="@via = 'delegate'">
                          <xsl:text> </xsl:text><span class="waiting-via"><t:k name="ticket.waiting.for"/><xsl:value-of select="@for_name"/></span>
                        </xsl:when>
                        <xsl:when test="@via = 'assigned'">
                          <xsl:text> </xsl:text><span class="waiting-via"><t:k name="ticket.waiting.assigned"/></span>
                        </xsl:when>
                      </xsl:choose>
                    </li>
                  </xsl:for-each>
                </ul>
              </dd>
            </xsl:when>
            <xsl:otherwise>
              <dd class="waiting-stuck">
                <strong><t:k name="ticket.waiting.nobody"/></strong>
                <xsl:if test="normalize-space(@stuck) != ''">
                  <xsl:text> </xsl:text><span class="waiting-reason"><xsl:value-of select="@stuck"/>.</span>
                </xsl:if>
              </dd>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:if>
      </dl>
      <xsl:if test="normalize-space(@assign_href) != ''">
        <p class="waiting-actions">
          <a class="btn btn-outline btn-sm" href="{$base}{substring(@assign_href, 2)}"><t:k name="ticket.waiting.assign"/></a>
        </p>
      </xsl:if>
    </div>
  </xsl:template>

</xsl:stylesheet>
