<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_units_import.xsl: Impor Divisi/Cab/Unit, units.csv uploaded by the
  Administrator: first a preview (nothing written), then the import (all
  or nothing). /page/content: @max_kb;
    problems[@file @total]/problem   0..1, each "FILE:LINE: FIELD: message"
    preview[@file @inserted @updated @unchanged]   0..1, what would change
      csv                            the file's text, posted again
      change[@code @from @to]/ticket[@id @nomor @full_name @since @since_iso]
                                     a UNIT's new BUH and the stage-1
                                     tickets that move to them
    done[@file @inserted @updated @unchanged @rerouted]  0..1, the same
                                     children without csv
  /page/flash: why nothing was imported.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="admin.xsl"/>

  <xsl:variable name="c" select="/page/content"/>

  <xsl:template name="counts">
    <xsl:value-of select="@inserted"/><xsl:text><t:k name="admin.import.unit.inserted"/></xsl:text>
    <xsl:value-of select="@updated"/><xsl:text><t:k name="admin.import.updated"/></xsl:text>
    <xsl:value-of select="@unchanged"/><xsl:text><t:k name="admin.import.unchanged"/></xsl:text>
  </xsl:template>

  <xsl:template name="changes">
    <xsl:for-each select="change">
      <h3>
        <xsl:value-of select="@code"/><xsl:text><t:k name="admin.import.change.head"/></xsl:text>
        <xsl:choose><xsl:when test="@from != ''"><xsl:value-of select="@from"/></xsl:when><xsl:otherwise>—</xsl:otherwise></xsl:choose>
        <xsl:text> → </xsl:text><xsl:value-of select="@to"/>
      </h3>
      <xsl:choose>
        <xsl:when test="ticket">
          <ul class="reroute-list">
            <xsl:for-each select="ticket">
              <li><a href="{$base}requests/{@id}"><xsl:value-of select="@nomor"/></a><xsl:text>, </xsl:text><xsl:value-of select="@full_name"/><xsl:text><t:k name="admin.import.waiting.since"/></xsl:text><time datetime="{@since_iso}"><xsl:value-of select="@since"/></time></li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="hint"><t:k name="admin.import.no_waiting"/></p></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>

    <xsl:for-each select="$c/done">
      <div class="notice notice-success" role="status" id="import-done">
        <xsl:text><t:k name="admin.import.file"/></xsl:text><xsl:value-of select="@file"/>
        <xsl:text><t:k name="admin.import.done"/></xsl:text><xsl:call-template name="counts"/>
        <xsl:text>; </xsl:text><xsl:value-of select="@rerouted"/>
        <xsl:text><t:k name="admin.import.rerouted"/></xsl:text>
      </div>
      <xsl:call-template name="changes"/>
    </xsl:for-each>

    <xsl:for-each select="$c/preview">
      <section class="card" aria-labelledby="preview-title" id="import-preview">
        <h2 id="preview-title"><t:k name="admin.import.preview"/><xsl:value-of select="@file"/></h2>
        <p><t:k name="admin.import.preview.text"/><xsl:call-template name="counts"/>.</p>
        <xsl:if test="change">
          <p><t:k name="admin.import.preview.change"/></p>
          <xsl:call-template name="changes"/>
        </xsl:if>
        <form method="post" action="{$base}admin/units/import" enctype="multipart/form-data">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="filename" value="{@file}"/>
          <input type="hidden" name="confirm" value="1"/>
          <textarea name="csv" hidden="hidden" aria-hidden="true"><xsl:value-of select="csv"/></textarea>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary"><t:k name="admin.import.now"/></button>
            <a class="btn btn-outline" href="{$base}admin/units/import"><t:k name="admin.cancel"/></a>
          </div>
        </form>
      </section>
    </xsl:for-each>

    <xsl:if test="$c/problems">
      <section class="card" aria-labelledby="problems-title" id="import-problems">
        <h2 id="problems-title"><t:k name="admin.import.problems"/><xsl:value-of select="$c/problems/@file"/></h2>
        <ul class="import-problems">
          <xsl:for-each select="$c/problems/problem">
            <li><code><xsl:value-of select="."/></code></li>
          </xsl:for-each>
        </ul>
        <xsl:if test="$c/problems/@total &gt; count($c/problems/problem)">
          <p class="hint">
            <xsl:text><t:k name="admin.import.shown"/></xsl:text><xsl:value-of select="count($c/problems/problem)"/>
            <xsl:text><t:k name="admin.import.shown.of"/></xsl:text><xsl:value-of select="$c/problems/@total"/><xsl:text><t:k name="admin.import.shown.after"/></xsl:text>
          </p>
        </xsl:if>
      </section>
    </xsl:if>

    <section class="card" aria-labelledby="upload-title">
      <h2 id="upload-title"><t:k name="admin.import.unit.upload"/></h2>
      <p><t:k name="admin.import.unit.text"/><code>sql/demo/units.csv</code>: <code>code</code>, <code>name</code>, <code>kind</code><t:k name="admin.import.unit.kinds"/><code>head_nopek</code><t:k name="admin.import.unit.head"/><code>active</code><t:k name="admin.import.unit.text.after"/></p>
      <form method="post" action="{$base}admin/units/import" enctype="multipart/form-data">
        <xsl:call-template name="csrf-field"/>
        <div class="field">
          <label for="import-file"><t:k name="admin.import.field"/></label>
          <input type="file" id="import-file" name="file" accept=".csv,text/csv" required="required" aria-describedby="import-file-hint"/>
          <span class="hint" id="import-file-hint"><t:k name="admin.import.max"/><xsl:value-of select="$c/@max_kb"/><t:k name="admin.import.max.kb"/></span>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary"><t:k name="admin.import.preview.button"/></button>
          <a class="btn btn-outline" href="{$base}admin/units"><t:k name="admin.back.units"/></a>
        </div>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
