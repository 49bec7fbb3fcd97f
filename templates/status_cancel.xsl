<?xml version="1.0" encoding="UTF-8"?>
<!--
  status_cancel.xsl: Konfirmasi of Batalkan Permohonan on Status Permintaan
  when the browser runs no JavaScript (with it, static/ticket.js asks in a
  dialog on the page itself). Public: the status link is the key.
  /page/content:
    @status   the status the page showed (the withdrawal is taken only
              from it)
    @reason   the reason typed (optional)
  The form posts them again with csrf and confirm=1 to the page's own URL
  (/status/TOKEN: the page never holds the token).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:variable name="c" select="/page/content"/>

  <xsl:template name="body">
    <section class="card confirm-card confirm-reject" aria-labelledby="confirm-question">
      <h2 class="confirm-question" id="confirm-question"><t:k name="status.cancel.question"/></h2>
      <dl class="detail-list confirm-summary">
        <dt><t:k name="confirm.decision"/></dt>
        <dd><span class="badge badge-cancelled"><t:k name="status.cancel"/></span></dd>
        <dt><t:k name="confirm.reason"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="normalize-space($c/@reason) != ''"><span class="pre-text"><xsl:value-of select="$c/@reason"/></span></xsl:when>
            <xsl:otherwise><span class="muted-text"><t:k name="confirm.empty"/></span></xsl:otherwise>
          </xsl:choose>
        </dd>
      </dl>
      <form class="confirm-form" method="post">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="status" value="{$c/@status}"/>
        <input type="hidden" name="reason" value="{$c/@reason}"/>
        <input type="hidden" name="confirm" value="1"/>
        <div class="form-actions">
          <button type="submit" class="btn btn-danger"><t:k name="status.cancel.yes"/></button>
          <a class="btn btn-outline" href=""><t:k name="status.cancel.back"/></a>
        </div>
      </form>
    </section>
  </xsl:template>

</xsl:stylesheet>
