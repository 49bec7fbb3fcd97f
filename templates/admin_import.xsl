<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_import.xsl: Impor Data Pekerja, employees.csv uploaded by the
  Administrator (all or nothing). /page/content: @max_mb;
    problems[@file @total]/problem   0..1, each "FILE:LINE: FIELD: message"
    done[@file @inserted @updated @unchanged]   0..1, after an import
  /page/flash: why nothing was imported.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="admin.xsl"/>

  <xsl:variable name="c" select="/page/content"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>

    <xsl:if test="$c/done">
      <div class="notice notice-success" role="status" id="import-done">
        <xsl:text>File </xsl:text><xsl:value-of select="$c/done/@file"/>
        <xsl:text> berhasil diimpor: </xsl:text>
        <xsl:value-of select="$c/done/@inserted"/><xsl:text> pekerja baru, </xsl:text>
        <xsl:value-of select="$c/done/@updated"/><xsl:text> diperbarui, </xsl:text>
        <xsl:value-of select="$c/done/@unchanged"/><xsl:text> tidak berubah.</xsl:text>
      </div>
    </xsl:if>

    <xsl:if test="$c/problems">
      <section class="card" aria-labelledby="problems-title" id="import-problems">
        <h2 id="problems-title">Masalah pada <xsl:value-of select="$c/problems/@file"/></h2>
        <ul class="import-problems">
          <xsl:for-each select="$c/problems/problem">
            <li><code><xsl:value-of select="."/></code></li>
          </xsl:for-each>
        </ul>
        <xsl:if test="$c/problems/@total &gt; count($c/problems/problem)">
          <p class="hint">
            <xsl:text>Ditampilkan </xsl:text><xsl:value-of select="count($c/problems/problem)"/>
            <xsl:text> dari </xsl:text><xsl:value-of select="$c/problems/@total"/><xsl:text> masalah.</xsl:text>
          </p>
        </xsl:if>
      </section>
    </xsl:if>

    <section class="card" aria-labelledby="upload-title">
      <h2 id="upload-title">Unggah employees.csv</h2>
      <p>File CSV dari HR dengan kolom seperti <code>sql/demo/employees.csv</code>: <code>nopek</code>, <code>full_name</code>, <code>position</code>, <code>email</code>, <code>unit_code</code>, <code>supervisor_nopek</code>, <code>employment_type</code> (ORGANIK, PKWT atau TKJP) dan <code>active</code> (opsional). Pekerja yang sudah ada diperbarui, yang baru ditambahkan. Semua atau tidak sama sekali: jika ada satu baris yang salah, tidak ada data yang diimpor.</p>
      <form method="post" action="{$base}admin/employees/import" enctype="multipart/form-data">
        <xsl:call-template name="csrf-field"/>
        <div class="field">
          <label for="import-file">File CSV</label>
          <input type="file" id="import-file" name="file" accept=".csv,text/csv" required="required" aria-describedby="import-file-hint"/>
          <span class="hint" id="import-file-hint">Maksimal <xsl:value-of select="$c/@max_mb"/> MB, UTF-8.</span>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Impor</button>
          <a class="btn btn-outline" href="{$base}admin/employees">Kembali ke Data Pekerja</a>
        </div>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
