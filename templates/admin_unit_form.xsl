<?xml version="1.0" encoding="UTF-8"?>
<!--
  admin_unit_form.xsl: Tambah or Ubah one Divisi/Cab/Unit (Administrator
  only). /page/content:
    item[@mode="new|edit" @code @name @kind="HO|UNIT" @head_nopek
         @code_error @name_error @kind_error @head_nopek_error]
    reroute[@from @to @to_name]   0..1: the new BUH would re-route these
      ticket[@id @nomor @full_name @since @since_iso @atasan_nopek
             @atasan_name]        stage-1 tickets; the form then posts
                                  confirm=1
  /page/flash: why nothing was saved.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="admin.xsl"/>

  <xsl:variable name="i" select="/page/content/item"/>
  <xsl:variable name="re" select="/page/content/reroute"/>

  <xsl:template name="body">
    <xsl:call-template name="admin-nav"/>

    <xsl:if test="$re">
      <section class="card notice-warning" aria-labelledby="reroute-title" id="reroute">
        <h2 id="reroute-title"><t:k name="admin.reroute.title"/></h2>
        <p>
          <xsl:text><t:k name="admin.reroute.head"/></xsl:text><xsl:value-of select="$i/@name"/>
          <xsl:text><t:k name="admin.reroute.to"/></xsl:text><xsl:value-of select="$re/@to_name"/>
          <xsl:text> (</xsl:text><xsl:value-of select="$re/@to"/><xsl:text>). </xsl:text>
          <xsl:value-of select="count($re/ticket)"/>
          <xsl:text><t:k name="admin.reroute.count"/></xsl:text>
        </p>
        <div class="table-wrap reroute-list" role="region" aria-labelledby="reroute-title" tabindex="0">
          <table class="data-table reroute-table">
            <thead>
              <tr>
                <th scope="col"><t:k name="admin.col.nomor"/></th>
                <th scope="col"><t:k name="admin.col.full_name"/></th>
                <th scope="col"><t:k name="admin.col.atasan_now"/></th>
                <th scope="col"><t:k name="admin.col.since"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$re/ticket">
                <tr>
                  <th scope="row"><a href="{$base}requests/{@id}"><xsl:value-of select="@nomor"/></a></th>
                  <td t:data-label="admin.col.full_name"><xsl:value-of select="@full_name"/></td>
                  <td t:data-label="admin.col.atasan_now">
                    <xsl:choose>
                      <xsl:when test="string(@atasan_name) != ''"><xsl:value-of select="@atasan_name"/> (<xsl:value-of select="@atasan_nopek"/>)</xsl:when>
                      <xsl:otherwise><xsl:value-of select="@atasan_nopek"/></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td t:data-label="admin.col.since"><time datetime="{@since_iso}"><xsl:value-of select="@since"/></time></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
        <form method="post" action="{$base}admin/units/save">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="mode" value="edit"/>
          <input type="hidden" name="code" value="{$i/@code}"/>
          <input type="hidden" name="name" value="{$i/@name}"/>
          <input type="hidden" name="kind" value="{$i/@kind}"/>
          <input type="hidden" name="head_nopek" value="{$i/@head_nopek}"/>
          <input type="hidden" name="confirm" value="1"/>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary"><t:k name="admin.reroute.confirm"/></button>
            <a class="btn btn-outline" href="{$base}admin/units"><t:k name="admin.cancel"/></a>
          </div>
        </form>
      </section>
    </xsl:if>

    <section class="card" aria-labelledby="unit-form-title">
      <h2 id="unit-form-title">
        <xsl:choose>
          <xsl:when test="$i/@mode = 'edit'"><t:k name="admin.edit"/><xsl:value-of select="$i/@code"/></xsl:when>
          <xsl:otherwise><t:k name="admin.unit.add"/></xsl:otherwise>
        </xsl:choose>
      </h2>
      <form method="post" action="{$base}admin/units/save" class="admin-edit-form">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="mode" value="{$i/@mode}"/>
        <xsl:call-template name="admin-field">
          <xsl:with-param name="name" select="'code'"/>
          <xsl:with-param name="label"><t:k name="admin.col.code"/></xsl:with-param>
          <xsl:with-param name="value" select="$i/@code"/>
          <xsl:with-param name="error" select="string($i/@code_error)"/>
          <xsl:with-param name="maxlength">32</xsl:with-param>
          <xsl:with-param name="readonly" select="$i/@mode = 'edit'"/>
          <xsl:with-param name="hint"><t:k name="admin.unit.code.hint"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="admin-field">
          <xsl:with-param name="name" select="'name'"/>
          <xsl:with-param name="label"><t:k name="admin.col.name"/></xsl:with-param>
          <xsl:with-param name="value" select="$i/@name"/>
          <xsl:with-param name="error" select="string($i/@name_error)"/>
          <xsl:with-param name="maxlength">200</xsl:with-param>
        </xsl:call-template>
        <fieldset class="field" id="field-kind">
          <legend><t:k name="admin.col.kind"/></legend>
          <label class="check" for="f-kind-ho">
            <input type="radio" id="f-kind-ho" name="kind" value="HO">
              <xsl:if test="$i/@kind = 'HO'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
            </input>
            <xsl:text><t:k name="admin.unit.kind.ho"/></xsl:text>
          </label>
          <label class="check" for="f-kind-unit">
            <input type="radio" id="f-kind-unit" name="kind" value="UNIT">
              <xsl:if test="$i/@kind = 'UNIT'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
            </input>
            <xsl:text><t:k name="admin.unit.kind.unit"/></xsl:text>
          </label>
          <xsl:if test="string($i/@kind_error) != ''"><span class="field-error" id="err-kind"><xsl:value-of select="$i/@kind_error"/></span></xsl:if>
        </fieldset>
        <xsl:call-template name="admin-field">
          <xsl:with-param name="name" select="'head_nopek'"/>
          <xsl:with-param name="label"><t:k name="admin.unit.head"/></xsl:with-param>
          <xsl:with-param name="value" select="$i/@head_nopek"/>
          <xsl:with-param name="error" select="string($i/@head_nopek_error)"/>
          <xsl:with-param name="maxlength">20</xsl:with-param>
          <xsl:with-param name="inputmode" select="'numeric'"/>
          <xsl:with-param name="hint"><t:k name="admin.unit.head.hint"/></xsl:with-param>
        </xsl:call-template>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary"><t:k name="admin.save"/></button>
          <a class="btn btn-outline" href="{$base}admin/units"><t:k name="admin.cancel"/></a>
        </div>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
