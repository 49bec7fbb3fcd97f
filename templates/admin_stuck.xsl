<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_stuck.xsl: Tiket Tertahan (Administrator only): every waiting ticket
  nobody may act on now, computed when the page is opened.
  /page/content[@count]:
    ticket[@id @nomor @full_name @kind_label @unit_name @status
           @stage_label @reason @since @since_iso @waited]
    thin_role[@label @holders @names]   the ICT roles with at most one
                                        active holder (0: nobody)
  Each row leads to the ticket and to its Alihkan Persetujuan.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="admin.xsl"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>
    <p class="lead">Tiket yang menunggu persetujuan tetapi tidak ada seorang pun yang dapat bertindak: tidak ada pemegang peran yang aktif, Atasan tidak memiliki akun, atau semua yang dapat bertindak terhalang pemisahan tugas. Alihkan persetujuan tahap tersebut kepada akun yang tepat, buat akun untuk Atasan, atau atur delegasi.</p>
    <xsl:choose>
      <xsl:when test="/page/content/ticket">
        <div class="table-wrap" role="region" aria-labelledby="stuck-caption" tabindex="0">
          <table class="data-table stuck-table">
            <caption id="stuck-caption" class="visually-hidden">Daftar Tiket Tertahan</caption>
            <thead>
              <tr>
                <th scope="col">Nomor</th>
                <th scope="col">Pemohon</th>
                <th scope="col">Tahap</th>
                <th scope="col">Alasan Tertahan</th>
                <th scope="col">Menunggu Sejak</th>
                <th scope="col"><span class="visually-hidden">Tindakan</span></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="/page/content/ticket">
                <tr class="stuck-row status-{@status}">
                  <th scope="row" class="cell-nomor"><a href="{$base}requests/{@id}"><xsl:value-of select="@nomor"/></a></th>
                  <td data-label="Pemohon">
                    <xsl:value-of select="@full_name"/>
                    <span class="cell-sub"><xsl:value-of select="@kind_label"/> · <xsl:value-of select="@unit_name"/></span>
                  </td>
                  <td class="stuck-stage" data-label="Tahap"><xsl:value-of select="@stage_label"/></td>
                  <td class="stuck-reason" data-label="Alasan Tertahan"><xsl:value-of select="@reason"/></td>
                  <td class="stuck-since" data-label="Menunggu Sejak">
                    <time datetime="{@since_iso}"><xsl:value-of select="@since"/></time>
                    <span class="cell-sub stuck-waited"><xsl:value-of select="@waited"/></span>
                  </td>
                  <td><a class="btn btn-primary btn-sm" href="{$base}requests/{@id}/assign">Alihkan Persetujuan</a></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty-state stuck-empty">Tidak ada tiket tertahan: setiap tiket yang menunggu persetujuan memiliki setidaknya satu orang yang dapat bertindak.</p>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="/page/content/thin_role">
      <section class="card stuck-ahead" aria-labelledby="ahead-title">
        <h2 id="ahead-title">Peran dengan Satu Pemegang atau Tanpa Pemegang</h2>
        <ul class="stuck-ahead-list">
          <xsl:for-each select="/page/content/thin_role">
            <li>
              <strong><xsl:value-of select="@label"/></strong>
              <xsl:text>: </xsl:text>
              <xsl:choose>
                <xsl:when test="@holders = '0'">tidak ada akun aktif dengan peran ini. Setiap tiket yang sampai di tahap ini akan tertahan; berikan peran ini kepada akun lain di Akun &amp; Peran.</xsl:when>
                <xsl:otherwise>hanya <xsl:value-of select="@names"/>. Permohonannya sendiri, dan tiket yang sudah ia setujui sebagai Atasan, akan tertahan di tahap ini; tambahkan pemegang kedua di Akun &amp; Peran, atau atur delegasi saat ia berhalangan.</xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
