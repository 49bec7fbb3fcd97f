<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_import.xsl: Impor Data Pekerja, employees.csv uploaded by the
  Administrator (all or nothing). /page/content: @max_mb;
    problems[@file @total]/problem   0..1, each "FILE:LINE: FIELD: message"
    done[@file @inserted @updated @unchanged]   0..1, after an import
  /page/flash: why nothing was imported.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="admin.xsl"/>

  <xsl:variable name="c" select="/page/content"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>

    <xsl:if test="$c/done">
      <div class="notice notice-success" role="status" id="import-done">
        <xsl:text><t:k name="admin.import.file"/></xsl:text><xsl:value-of select="$c/done/@file"/>
        <xsl:text><t:k name="admin.import.done"/></xsl:text>
        <xsl:value-of select="$c/done/@inserted"/><xsl:text><t:k name="admin.import.emp.inserted"/></xsl:text>
        <xsl:value-of select="$c/done/@updated"/><xsl:text><t:k name="admin.import.updated"/></xsl:text>
        <xsl:value-of select="$c/done/@unchanged"/><xsl:text><t:k name="admin.import.unchanged.end"/></xsl:text>
      </div>
    </xsl:if>

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
      <h2 id="upload-title"><t:k name="admin.import.emp.upload"/></h2>
      <p><t:k name="admin.import.emp.text"/><code>sql/demo/employees.csv</code>: <code>nopek</code>, <code>full_name</code>, <code>position</code>, <code>email</code>, <code>unit_code</code>, <code>supervisor_nopek</code>, <code>employment_type</code><t:k name="admin.import.emp.types"/><code>active</code><t:k name="admin.import.emp.text.after"/></p>
      <form method="post" action="{$base}admin/employees/import" enctype="multipart/form-data">
        <xsl:call-template name="csrf-field"/>
        <div class="field">
          <label for="import-file"><t:k name="admin.import.field"/></label>
          <input type="file" id="import-file" name="file" accept=".csv,text/csv" required="required" aria-describedby="import-file-hint"/>
          <span class="hint" id="import-file-hint"><t:k name="admin.import.max"/><xsl:value-of select="$c/@max_mb"/><t:k name="admin.import.max.mb"/></span>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary"><t:k name="admin.import.submit"/></button>
          <a class="btn btn-outline" href="{$base}admin/employees"><t:k name="admin.back.employees"/></a>
        </div>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
