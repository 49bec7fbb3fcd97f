<?xml version="1.0" encoding="UTF-8"?>
<!--
  requests.xsl: Request UID Management System, the list of tickets
  (manual Gambar 4.5). /page/content holds zero or more
    <request id="42" nomor="UID/2026/0001" created="15-01-2026 09:30"
             full_name="Budi Santoso" kind_label="HO - TKJP" unit_name="..." platforms="SAP, E-mail"
             status="waiting_atasan" status_label="Waiting for Approval Atasan Pemohon"/>
  Nama Lengkap comes from @full_name (or @name if that is absent).
  @status picks the badge colour: contains "reject" -> badge-rejected,
  contains "complet" -> badge-completed, anything else -> badge-waiting.
  Optional: /page/content/@empty overrides the empty-state text.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="default-crumbs">
    <xsl:call-template name="crumb-trail">
      <xsl:with-param name="href2">helpdesk</xsl:with-param>
      <xsl:with-param name="label2">ICT Helpdesk</xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="body">
    <xsl:variable name="rows" select="/page/content/request"/>

    <p class="lead">Daftar permohonan User ID baru. Pilih <strong>Open</strong> untuk melihat detail dan memproses persetujuan.</p>

    <xsl:if test="$rows">
      <p class="table-count">
        <xsl:text>Menampilkan </xsl:text>
        <xsl:value-of select="count($rows)"/>
        <xsl:text> permohonan.</xsl:text>
      </p>
    </xsl:if>

    <div class="table-wrap" role="region" aria-labelledby="requests-caption" tabindex="0">
      <table class="data-table requests-table">
        <xsl:if test="not($rows)">
          <xsl:attribute name="class">data-table requests-table is-empty</xsl:attribute>
        </xsl:if>
        <caption id="requests-caption" class="visually-hidden">Daftar Request User ID</caption>
        <thead>
          <tr>
            <th scope="col">Nomor</th>
            <th scope="col">Tanggal Pengajuan</th>
            <th scope="col">Nama Lengkap</th>
            <th scope="col">Jenis User ID</th>
            <th scope="col">Divisi/Cab/Unit</th>
            <th scope="col">Platform System</th>
            <th scope="col">Status</th>
            <th scope="col">Aksi</th>
          </tr>
        </thead>
        <tbody>
          <xsl:choose>
            <xsl:when test="$rows">
              <xsl:apply-templates select="$rows"/>
            </xsl:when>
            <xsl:otherwise>
              <tr class="empty-row">
                <td colspan="8">
                  <div class="empty-box">
                  <p class="empty-state">
                    <xsl:choose>
                      <xsl:when test="string(/page/content/@empty) != ''">
                        <xsl:value-of select="/page/content/@empty"/>
                      </xsl:when>
                      <xsl:otherwise>Belum ada permohonan User ID.</xsl:otherwise>
                    </xsl:choose>
                  </p>
                  <p class="empty-hint">Permohonan yang perlu Anda proses akan tampil di sini.</p>
                  </div>
                </td>
              </tr>
            </xsl:otherwise>
          </xsl:choose>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template match="request">
    <tr>
      <th scope="row" class="cell-nomor"><xsl:value-of select="@nomor"/></th>
      <td class="cell-date"><xsl:value-of select="@created"/></td>
      <td>
        <xsl:choose>
          <xsl:when test="@full_name"><xsl:value-of select="@full_name"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
        </xsl:choose>
      </td>
      <td><xsl:value-of select="@kind_label"/></td>
      <td><xsl:value-of select="@unit_name"/></td>
      <td><xsl:value-of select="@platforms"/></td>
      <td class="cell-status"><xsl:call-template name="status-badge"/></td>
      <td class="cell-action"><a class="btn btn-sm btn-primary" href="{$base}requests/{@id}">Open</a></td>
    </tr>
  </xsl:template>

</xsl:stylesheet>
