<?xml version="1.0" encoding="UTF-8"?>
<!--
  request_form.xsl: Form Pendaftaran User ID Baru (manual 3.1, Gambar 3.2 -
  3.11), public. Two modes, chosen by /page/content/@mode:
    edit    the form itself (POST multipart /request/new)
    review  the filled form read-only (Gambar 3.11): POST /request/submit
            (urlencoded, "Submit Permohonan") or back to edit with
            POST /request/new action=edit ("Ubah Data").

  /page/content
    @mode="edit|review" @nomor @form_token @max_file_size (bytes) @max_files
    field[@name @value @error?]     kind, nopek, full_name, position, email,
                                    unit_code, atasan_nopek, note (others are
                                    carried along in review mode as hidden inputs)
    kinds/kind[@code @label]        UNIT, HO_ORGANIK, HO_TKJP
    units/unit[@code @name @head_nopek @head_name]   the units of kind UNIT
    hr[@unit_name @atasan_name]     display names for an HO nopek (if known)
    platforms/platform[@code @name @checked="1"? @note @error?]
    attachments/attachment[@id @filename @size @size_label @content_type]
    errors/error[@field]            summary; field="" for general errors
    revise[@reason]                 0..1: Perbaiki Permohonan, the form of a
                                    ticket returned for revision (same Nomor;
                                    @reason on the first page only)
    privacy[@version]/p             review mode: the Pemberitahuan Privasi
                                    shown above Submit Permohonan, its version
                                    posted as privacy_notice

  Every control has id "f-{name}"; a field's error is "err-{name}", its hint
  "hint-{name}". A field's error comes from field/@error (platform notes:
  platform/@error), else from errors/error[@field=name].
  Behaviour without JavaScript is complete; static/request.js enhances it.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:t="urn:pserv:i18n">
  <xsl:import href="layout.xsl"/>

  <xsl:variable name="c" select="/page/content"/>
  <xsl:variable name="review" select="$c/@mode = 'review'"/>
  <xsl:variable name="kind" select="string($c/field[@name = 'kind']/@value)"/>
  <!-- "unit", "ho", or "" while no kind is chosen -->
  <xsl:variable name="group">
    <xsl:choose>
      <xsl:when test="$kind = 'UNIT'">unit</xsl:when>
      <xsl:when test="$kind != ''">ho</xsl:when>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="unit_code" select="string($c/field[@name = 'unit_code']/@value)"/>
  <xsl:variable name="atasan_nopek" select="string($c/field[@name = 'atasan_nopek']/@value)"/>
  <xsl:variable name="max-files">
    <xsl:choose>
      <xsl:when test="number($c/@max_files) &gt; 0"><xsl:value-of select="number($c/@max_files)"/></xsl:when>
      <xsl:otherwise>5</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="max-size">
    <xsl:choose>
      <xsl:when test="number($c/@max_file_size) &gt; 0"><xsl:value-of select="number($c/@max_file_size)"/></xsl:when>
      <xsl:otherwise>5242880</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="max-size-label">
    <xsl:value-of select="round($max-size div 104857.6) div 10"/>
    <xsl:text> MB</xsl:text>
  </xsl:variable>

  <xsl:template name="head-extra">
    <script src="{$base}static/request.js" defer="defer"></script>
  </xsl:template>

  <xsl:template name="default-crumbs">
    <xsl:call-template name="crumb-trail">
      <xsl:with-param name="href1" select="'login'"/>
      <xsl:with-param name="label1"><t:k name="form.crumb.login"/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="body">
    <xsl:call-template name="steps"/>
    <xsl:choose>
      <xsl:when test="$review"><xsl:call-template name="review"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="edit"/></xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="js-texts"/>
  </xsl:template>

  <!-- The texts static/request.js writes, in a language other than its own
       Bahasa Indonesia (a page in Bahasa Indonesia carries none). -->
  <xsl:template name="js-texts">
    <xsl:if test="$page-lang != 'id' and not($review)">
      <div id="request-texts" hidden="hidden"
           t:data-bytes="form.bytes" t:data-decimal="form.js.decimal"
           t:data-from-nopek="form.from_nopek" t:data-choose="form.choose"
           t:data-unit-first="form.js.unit_first"
           t:data-atasan-ho="form.atasan.hint.ho" t:data-atasan-unit="form.js.atasan_unit"
           t:data-searching="form.js.searching" t:data-found="form.js.found"
           t:data-not-found="form.js.not_found" t:data-busy="form.js.busy"
           t:data-load-failed="form.js.load_failed" t:data-offline="form.js.offline"
           t:data-nopek-unit="form.nopek.hint.unit" t:data-nopek-ho="form.nopek.hint"
           t:data-bad-type="form.js.bad_type" t:data-too-big="form.js.too_big"
           t:data-empty="form.js.empty" t:data-refused="form.js.refused"
           t:data-too-many="form.js.too_many" t:data-pick-other="form.js.pick_other"
           t:data-cannot-upload="form.js.cannot_upload" t:data-picked="form.js.picked"
           t:data-clear="form.js.clear" t:data-remove="form.remove"
           t:data-removed="form.js.removed"></div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="steps">
    <ol class="request-steps" t:aria-label="form.steps">
      <li>
        <xsl:choose>
          <xsl:when test="$review"><xsl:attribute name="class">is-done</xsl:attribute></xsl:when>
          <xsl:otherwise><xsl:attribute name="aria-current">step</xsl:attribute></xsl:otherwise>
        </xsl:choose>
        <span class="step-no" aria-hidden="true">1</span>
        <xsl:text><t:k name="form.step.fill"/></xsl:text>
      </li>
      <li>
        <xsl:if test="$review"><xsl:attribute name="aria-current">step</xsl:attribute></xsl:if>
        <span class="step-no" aria-hidden="true">2</span>
        <xsl:text><t:k name="form.step.review"/></xsl:text>
      </li>
      <li>
        <span class="step-no" aria-hidden="true">3</span>
        <xsl:text><t:k name="form.step.done"/></xsl:text>
      </li>
    </ol>
  </xsl:template>

  <!-- ============================================================ helpers -->

  <xsl:template name="value">
    <xsl:param name="name"/>
    <xsl:value-of select="$c/field[@name = $name]/@value"/>
  </xsl:template>

  <xsl:template name="error-text">
    <xsl:param name="name"/>
    <xsl:choose>
      <xsl:when test="string($c/field[@name = $name]/@error) != ''">
        <xsl:value-of select="$c/field[@name = $name]/@error"/>
      </xsl:when>
      <xsl:when test="starts-with($name, 'note_') and string($c/platforms/platform[concat('note_', @code) = $name]/@error) != ''">
        <xsl:value-of select="$c/platforms/platform[concat('note_', @code) = $name]/@error"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$c/errors/error[@field = $name][1]"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- aria-invalid / aria-describedby for a control; call inside it. -->
  <xsl:template name="describe">
    <xsl:param name="name"/>
    <xsl:param name="error"/>
    <xsl:param name="hint" select="''"/>
    <xsl:if test="$error != ''">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
    </xsl:if>
    <xsl:variable name="ids">
      <xsl:if test="$error != ''"><xsl:value-of select="concat('err-', $name, ' ')"/></xsl:if>
      <xsl:value-of select="$hint"/>
    </xsl:variable>
    <xsl:if test="normalize-space($ids) != ''">
      <xsl:attribute name="aria-describedby"><xsl:value-of select="normalize-space($ids)"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <xsl:template name="error-out">
    <xsl:param name="name"/>
    <xsl:param name="error"/>
    <xsl:if test="$error != ''">
      <span class="field-error" id="err-{$name}"><xsl:value-of select="$error"/></span>
    </xsl:if>
  </xsl:template>

  <!-- One text input with label, hint and error. -->
  <xsl:template name="text-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="autocomplete" select="''"/>
    <xsl:param name="readonly" select="false()"/>
    <xsl:param name="hint" select="''"/>
    <xsl:variable name="e">
      <xsl:call-template name="error-text"><xsl:with-param name="name" select="$name"/></xsl:call-template>
    </xsl:variable>
    <div class="field" id="field-{$name}">
      <label for="f-{$name}"><xsl:value-of select="$label"/></label>
      <input id="f-{$name}" name="{$name}" type="{$type}" data-autofill="{$name}">
        <xsl:attribute name="value"><xsl:call-template name="value"><xsl:with-param name="name" select="$name"/></xsl:call-template></xsl:attribute>
        <xsl:choose>
          <xsl:when test="$readonly">
            <xsl:attribute name="readonly">readonly</xsl:attribute>
          </xsl:when>
          <xsl:otherwise>
            <xsl:attribute name="required">required</xsl:attribute>
            <xsl:if test="$autocomplete != ''">
              <xsl:attribute name="autocomplete"><xsl:value-of select="$autocomplete"/></xsl:attribute>
            </xsl:if>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$type = 'email'">
          <xsl:attribute name="spellcheck">false</xsl:attribute>
          <xsl:attribute name="autocapitalize">none</xsl:attribute>
        </xsl:if>
        <xsl:call-template name="describe">
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="error" select="$e"/>
          <xsl:with-param name="hint" select="$hint"/>
        </xsl:call-template>
      </input>
      <xsl:call-template name="error-out">
        <xsl:with-param name="name" select="$name"/>
        <xsl:with-param name="error" select="$e"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- ========================================================= error summary -->
  <xsl:template name="error-summary">
    <xsl:variable name="listed" select="$c/errors/error[normalize-space(.) != '']"/>
    <xsl:variable name="inline" select="$c/field[@error != ''] | $c/platforms/platform[@error != '']"/>
    <xsl:if test="$listed or $inline">
      <div class="notice notice-error error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
        <h2 class="error-summary-title" id="error-summary-title"><t:k name="form.errors.title"/></h2>
        <ul>
          <xsl:choose>
            <xsl:when test="$listed">
              <xsl:for-each select="$listed">
                <li><xsl:call-template name="summary-item">
                  <xsl:with-param name="field" select="string(@field)"/>
                  <xsl:with-param name="text" select="string(.)"/>
                </xsl:call-template></li>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise>
              <xsl:for-each select="$c/field[@error != '']">
                <li><xsl:call-template name="summary-item">
                  <xsl:with-param name="field" select="string(@name)"/>
                  <xsl:with-param name="text" select="string(@error)"/>
                </xsl:call-template></li>
              </xsl:for-each>
              <xsl:for-each select="$c/platforms/platform[@error != '']">
                <li><xsl:call-template name="summary-item">
                  <xsl:with-param name="field" select="concat('note_', @code)"/>
                  <xsl:with-param name="text" select="string(@error)"/>
                </xsl:call-template></li>
              </xsl:for-each>
            </xsl:otherwise>
          </xsl:choose>
        </ul>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="summary-item">
    <xsl:param name="field"/>
    <xsl:param name="text"/>
    <xsl:variable name="target">
      <xsl:choose>
        <xsl:when test="$review"/>
        <xsl:when test="$field = 'platform'">
          <xsl:if test="$c/platforms/platform">
            <xsl:value-of select="concat('f-platform-', $c/platforms/platform[1]/@code)"/>
          </xsl:if>
        </xsl:when>
        <xsl:when test="$field = 'kind' or $field = 'nopek' or $field = 'full_name'
                        or $field = 'position' or $field = 'email' or $field = 'unit_code'
                        or $field = 'atasan_nopek' or $field = 'note' or $field = 'attachments'">
          <xsl:value-of select="concat('f-', $field)"/>
        </xsl:when>
        <xsl:when test="starts-with($field, 'note_') and $c/platforms/platform[concat('note_', @code) = $field]">
          <xsl:value-of select="concat('f-', $field)"/>
        </xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$target != ''">
        <a href="#{$target}"><xsl:value-of select="$text"/></a>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Perbaiki Permohonan: which ticket, and why it came back. -->
  <xsl:template name="revise-notice">
    <xsl:if test="$c/revise">
      <div class="notice notice-info revise-notice" role="status">
        <p><strong><t:k name="form.revise.title"/><xsl:value-of select="$c/@nomor"/></strong><t:k name="form.revise.text"/><strong><t:k name="form.submit"/></strong><t:k name="form.revise.text.after"/></p>
        <xsl:if test="normalize-space($c/revise/@reason) != ''">
          <p class="status-reason"><span class="status-reason-label"><t:k name="form.reason"/></span><xsl:value-of select="$c/revise/@reason"/></p>
        </xsl:if>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================= edit -->
  <xsl:template name="edit">
    <xsl:call-template name="revise-notice"/>
    <p class="lead"><t:k name="form.lead"/><strong><t:k name="form.review"/></strong><t:k name="form.lead.after"/></p>

    <xsl:call-template name="error-summary"/>

    <form id="request-form" class="form request-form" method="post" action="{$base}request/new"
          enctype="multipart/form-data" novalidate="novalidate"
          data-lookup-url="{$base}request/lookup"
          data-max-file-size="{$max-size}" data-max-files="{$max-files}"
          data-max-size-label="{$max-size-label}">
      <!-- First submit button = the one Enter in a text field presses. -->
      <button type="submit" name="action" value="review" hidden="hidden" tabindex="-1"><t:k name="form.review"/></button>
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="form_token" value="{$c/@form_token}"/>

      <p class="form-note"><t:k name="form.required.note"/><em><t:k name="form.optional"/></em>.</p>

      <xsl:call-template name="section-data"/>
      <xsl:call-template name="section-platforms"/>
      <xsl:call-template name="section-notes"/>
      <xsl:call-template name="section-upload"/>

      <p class="form-note privacy-link"><t:k name="privacy.form.text"/><a href="{$base}privasi" target="_blank" rel="noopener"><t:k name="privacy.link"/></a><t:k name="privacy.form.text.after"/></p>

      <div class="form-actions request-actions">
        <button type="submit" class="btn btn-primary" name="action" value="review"><t:k name="form.review"/></button>
        <a class="btn btn-outline" href="{$base}login"><t:k name="form.cancel"/></a>
      </div>
    </form>
  </xsl:template>

  <!-- ================================================ Data Pemohon -->
  <xsl:template name="section-data">
    <xsl:variable name="ho" select="$group = 'ho'"/>
    <fieldset class="form-section" id="sec-data">
      <legend><h2><t:k name="form.sec.data"/></h2></legend>

      <div class="form-grid">
        <div class="field">
          <label for="f-nomor"><t:k name="form.nomor"/></label>
          <input id="f-nomor" type="text" readonly="readonly" value="{$c/@nomor}" aria-describedby="hint-nomor"/>
          <span class="hint" id="hint-nomor"><t:k name="form.nomor.hint"/></span>
        </div>

        <!-- Jenis User ID (+ the no-JS "Terapkan") -->
        <xsl:variable name="e-kind">
          <xsl:call-template name="error-text"><xsl:with-param name="name" select="'kind'"/></xsl:call-template>
        </xsl:variable>
        <div class="field" id="field-kind">
          <label for="f-kind"><t:k name="form.kind"/></label>
          <div class="control-row">
            <select id="f-kind" name="kind" required="required">
              <xsl:call-template name="describe">
                <xsl:with-param name="name" select="'kind'"/>
                <xsl:with-param name="error" select="$e-kind"/>
                <xsl:with-param name="hint" select="'hint-kind'"/>
              </xsl:call-template>
              <xsl:if test="$kind = '' or not($c/kinds/kind[@code = $kind])">
                <option value="" selected="selected"><t:k name="form.choose"/></option>
              </xsl:if>
              <xsl:for-each select="$c/kinds/kind">
                <option value="{@code}">
                  <xsl:if test="@code = $kind"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                  <xsl:value-of select="@label"/>
                </option>
              </xsl:for-each>
            </select>
            <button type="submit" class="btn btn-outline nojs-only" id="btn-kind" name="action" value="kind"><t:k name="form.kind.apply"/></button>
          </div>
          <span class="hint" id="hint-kind">
            <span class="nojs-only"><t:k name="form.kind.hint.nojs"/></span>
            <xsl:text><t:k name="form.kind.hint"/></xsl:text>
          </span>
          <xsl:call-template name="error-out">
            <xsl:with-param name="name" select="'kind'"/>
            <xsl:with-param name="error" select="$e-kind"/>
          </xsl:call-template>
        </div>

        <!-- Nopek (+ the no-JS "Cari Data Pekerja") -->
        <xsl:variable name="e-nopek">
          <xsl:call-template name="error-text"><xsl:with-param name="name" select="'nopek'"/></xsl:call-template>
        </xsl:variable>
        <div class="field" id="field-nopek">
          <label for="f-nopek"><t:k name="form.nopek"/></label>
          <div class="control-row">
            <input id="f-nopek" name="nopek" type="text" inputmode="numeric" autocomplete="off"
                   spellcheck="false" maxlength="20">
              <xsl:attribute name="value"><xsl:call-template name="value"><xsl:with-param name="name" select="'nopek'"/></xsl:call-template></xsl:attribute>
              <xsl:choose>
                <xsl:when test="$group = 'unit'"><xsl:attribute name="disabled">disabled</xsl:attribute></xsl:when>
                <xsl:when test="$ho"><xsl:attribute name="required">required</xsl:attribute></xsl:when>
              </xsl:choose>
              <xsl:call-template name="describe">
                <xsl:with-param name="name" select="'nopek'"/>
                <xsl:with-param name="error" select="$e-nopek"/>
                <xsl:with-param name="hint" select="'hint-nopek'"/>
              </xsl:call-template>
            </input>
            <button type="submit" class="btn btn-outline" id="btn-lookup" name="action" value="lookup">
              <xsl:if test="$group = 'unit'"><xsl:attribute name="disabled">disabled</xsl:attribute></xsl:if>
              <xsl:text><t:k name="form.lookup"/></xsl:text>
            </button>
          </div>
          <span class="hint" id="hint-nopek">
            <xsl:choose>
              <xsl:when test="$group = 'unit'"><t:k name="form.nopek.hint.unit"/></xsl:when>
              <xsl:otherwise><t:k name="form.nopek.hint"/></xsl:otherwise>
            </xsl:choose>
          </span>
          <div class="lookup-status" id="nopek-status" aria-live="polite">
            <xsl:call-template name="error-out">
              <xsl:with-param name="name" select="'nopek'"/>
              <xsl:with-param name="error" select="$e-nopek"/>
            </xsl:call-template>
          </div>
        </div>

        <xsl:call-template name="text-field">
          <xsl:with-param name="name" select="'full_name'"/>
          <xsl:with-param name="label"><t:k name="form.full_name"/></xsl:with-param>
          <xsl:with-param name="autocomplete" select="'name'"/>
          <xsl:with-param name="readonly" select="$ho"/>
        </xsl:call-template>
        <xsl:call-template name="text-field">
          <xsl:with-param name="name" select="'position'"/>
          <xsl:with-param name="label"><t:k name="form.position"/></xsl:with-param>
          <xsl:with-param name="autocomplete" select="'organization-title'"/>
          <xsl:with-param name="readonly" select="$ho"/>
        </xsl:call-template>
        <xsl:call-template name="text-field">
          <xsl:with-param name="name" select="'email'"/>
          <xsl:with-param name="label"><t:k name="form.email"/></xsl:with-param>
          <xsl:with-param name="type" select="'email'"/>
          <xsl:with-param name="autocomplete" select="'email'"/>
          <xsl:with-param name="readonly" select="$ho"/>
        </xsl:call-template>

        <!-- Divisi/Cab/Unit -->
        <xsl:variable name="e-unit">
          <xsl:call-template name="error-text"><xsl:with-param name="name" select="'unit_code'"/></xsl:call-template>
        </xsl:variable>
        <div class="field" id="field-unit_code">
          <label for="f-unit_code"><t:k name="form.unit"/></label>
          <select id="f-unit_code" name="unit_code">
            <xsl:choose>
              <xsl:when test="$ho"><xsl:attribute name="disabled">disabled</xsl:attribute></xsl:when>
              <xsl:otherwise><xsl:attribute name="required">required</xsl:attribute></xsl:otherwise>
            </xsl:choose>
            <xsl:call-template name="describe">
              <xsl:with-param name="name" select="'unit_code'"/>
              <xsl:with-param name="error" select="$e-unit"/>
            </xsl:call-template>
            <xsl:choose>
              <xsl:when test="$ho and string($c/hr/@unit_name) != ''">
                <option value="{$unit_code}" class="opt-ho" selected="selected"><xsl:value-of select="$c/hr/@unit_name"/></option>
              </xsl:when>
              <xsl:when test="$ho">
                <option value="" selected="selected"><t:k name="form.from_nopek"/></option>
              </xsl:when>
              <xsl:otherwise>
                <option value=""><t:k name="form.choose"/></option>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:for-each select="$c/units/unit">
              <option value="{@code}" class="opt-unit" data-head="{@head_nopek}">
                <xsl:if test="not($ho) and @code = $unit_code"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                <xsl:value-of select="@name"/>
              </option>
            </xsl:for-each>
          </select>
          <xsl:call-template name="error-out">
            <xsl:with-param name="name" select="'unit_code'"/>
            <xsl:with-param name="error" select="$e-unit"/>
          </xsl:call-template>
        </div>

        <!-- Atasan -->
        <xsl:variable name="e-atasan">
          <xsl:call-template name="error-text"><xsl:with-param name="name" select="'atasan_nopek'"/></xsl:call-template>
        </xsl:variable>
        <!-- the unit whose head option is pre-selected -->
        <xsl:variable name="atasan-unit">
          <xsl:choose>
            <xsl:when test="$c/units/unit[@code = $unit_code and @head_nopek = $atasan_nopek]"><xsl:value-of select="$unit_code"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$c/units/unit[@head_nopek = $atasan_nopek][1]/@code"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <div class="field" id="field-atasan_nopek">
          <label for="f-atasan_nopek"><t:k name="form.atasan"/></label>
          <select id="f-atasan_nopek" name="atasan_nopek">
            <xsl:choose>
              <xsl:when test="$ho"><xsl:attribute name="disabled">disabled</xsl:attribute></xsl:when>
              <xsl:otherwise><xsl:attribute name="required">required</xsl:attribute></xsl:otherwise>
            </xsl:choose>
            <xsl:call-template name="describe">
              <xsl:with-param name="name" select="'atasan_nopek'"/>
              <xsl:with-param name="error" select="$e-atasan"/>
              <xsl:with-param name="hint" select="'hint-atasan_nopek'"/>
            </xsl:call-template>
            <xsl:choose>
              <xsl:when test="$ho and string($c/hr/@atasan_name) != ''">
                <option value="{$atasan_nopek}" class="opt-ho" selected="selected"><xsl:value-of select="$c/hr/@atasan_name"/></option>
              </xsl:when>
              <xsl:when test="$ho">
                <option value="" selected="selected"><t:k name="form.from_nopek"/></option>
              </xsl:when>
              <xsl:otherwise>
                <option value=""><t:k name="form.choose"/></option>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:for-each select="$c/units/unit">
              <option value="{@head_nopek}" class="opt-head" data-unit="{@code}">
                <xsl:if test="not($ho) and $atasan_nopek != '' and @code = $atasan-unit">
                  <xsl:attribute name="selected">selected</xsl:attribute>
                </xsl:if>
                <xsl:value-of select="concat(@head_name, ' — ', @name)"/>
              </option>
            </xsl:for-each>
          </select>
          <span class="hint" id="hint-atasan_nopek">
            <xsl:choose>
              <xsl:when test="$ho"><t:k name="form.atasan.hint.ho"/></xsl:when>
              <xsl:otherwise><t:k name="form.atasan.hint.unit"/></xsl:otherwise>
            </xsl:choose>
          </span>
          <xsl:call-template name="error-out">
            <xsl:with-param name="name" select="'atasan_nopek'"/>
            <xsl:with-param name="error" select="$e-atasan"/>
          </xsl:call-template>
        </div>
      </div>
    </fieldset>
  </xsl:template>

  <!-- ============================================= Platform System -->
  <xsl:template name="section-platforms">
    <xsl:variable name="e">
      <xsl:call-template name="error-text"><xsl:with-param name="name" select="'platform'"/></xsl:call-template>
    </xsl:variable>
    <fieldset class="form-section" id="sec-platform">
      <xsl:choose>
        <xsl:when test="$e != ''">
          <xsl:attribute name="class">form-section has-error</xsl:attribute>
          <xsl:attribute name="aria-describedby">err-platform hint-platform</xsl:attribute>
        </xsl:when>
        <xsl:otherwise>
          <xsl:attribute name="aria-describedby">hint-platform</xsl:attribute>
        </xsl:otherwise>
      </xsl:choose>
      <legend><h2>Platform System</h2></legend>
      <p class="hint section-hint" id="hint-platform"><t:k name="form.platform.hint"/></p>
      <xsl:call-template name="error-out">
        <xsl:with-param name="name" select="'platform'"/>
        <xsl:with-param name="error" select="$e"/>
      </xsl:call-template>
      <ul class="check-list platform-list">
        <xsl:for-each select="$c/platforms/platform">
          <li>
            <label class="check" for="f-platform-{@code}">
              <input type="checkbox" id="f-platform-{@code}" name="platform" value="{@code}" data-platform="{@code}">
                <xsl:if test="@checked = '1' or @checked = 'true' or @checked = 'checked'">
                  <xsl:attribute name="checked">checked</xsl:attribute>
                </xsl:if>
              </input>
              <xsl:value-of select="@name"/>
            </label>
          </li>
        </xsl:for-each>
      </ul>
    </fieldset>
  </xsl:template>

  <!-- ===================================================== Catatan -->
  <xsl:template name="section-notes">
    <fieldset class="form-section" id="sec-notes">
      <legend><h2><t:k name="form.sec.notes"/></h2></legend>

      <fieldset class="subsection" id="platform-notes">
        <legend><t:k name="form.platform_notes"/></legend>
        <p class="hint section-hint nojs-only" id="hint-platform-notes"><t:k name="form.platform_notes.hint"/></p>
        <p class="hint section-hint" id="platform-notes-empty" hidden="hidden"><t:k name="form.platform_notes.empty"/></p>
        <div class="platform-notes">
          <xsl:for-each select="$c/platforms/platform">
            <xsl:variable name="n" select="concat('note_', @code)"/>
            <xsl:variable name="e">
              <xsl:call-template name="error-text"><xsl:with-param name="name" select="$n"/></xsl:call-template>
            </xsl:variable>
            <div class="field platform-note" id="field-{$n}" data-platform="{@code}">
              <label for="f-{$n}"><xsl:value-of select="@name"/></label>
              <textarea id="f-{$n}" name="{$n}" rows="3">
                <xsl:call-template name="describe">
                  <xsl:with-param name="name" select="$n"/>
                  <xsl:with-param name="error" select="$e"/>
                  <xsl:with-param name="hint" select="'hint-platform-note'"/>
                </xsl:call-template>
                <xsl:value-of select="@note"/>
              </textarea>
              <xsl:call-template name="error-out">
                <xsl:with-param name="name" select="$n"/>
                <xsl:with-param name="error" select="$e"/>
              </xsl:call-template>
            </div>
          </xsl:for-each>
        </div>
        <span class="visually-hidden" id="hint-platform-note"><t:k name="form.platform_note.hint"/></span>
      </fieldset>

      <xsl:variable name="e-note">
        <xsl:call-template name="error-text"><xsl:with-param name="name" select="'note'"/></xsl:call-template>
      </xsl:variable>
      <div class="field">
        <label for="f-note"><t:k name="form.note"/></label>
        <textarea id="f-note" name="note" rows="4">
          <xsl:call-template name="describe">
            <xsl:with-param name="name" select="'note'"/>
            <xsl:with-param name="error" select="$e-note"/>
            <xsl:with-param name="hint" select="'hint-note'"/>
          </xsl:call-template>
          <xsl:value-of select="$c/field[@name = 'note']/@value"/>
        </textarea>
        <span class="hint" id="hint-note"><t:k name="form.note.hint"/></span>
        <xsl:call-template name="error-out">
          <xsl:with-param name="name" select="'note'"/>
          <xsl:with-param name="error" select="$e-note"/>
        </xsl:call-template>
      </div>
    </fieldset>
  </xsl:template>

  <!-- =========================================== Upload Attachment -->
  <xsl:template name="section-upload">
    <xsl:variable name="e">
      <xsl:call-template name="error-text"><xsl:with-param name="name" select="'attachments'"/></xsl:call-template>
    </xsl:variable>
    <fieldset class="form-section" id="sec-upload">
      <legend><h2><t:k name="form.sec.upload"/></h2></legend>
      <!-- The visible control is the label, styled as a button: it opens the
           file input (visually hidden once request.js lists the files; still
           focusable, its name the label's) with or without JavaScript. The
           input comes first so that its focus ring shows on the label. -->
      <div class="field upload-field" id="field-attachments">
        <xsl:if test="$e != ''"><xsl:attribute name="class">field upload-field has-error</xsl:attribute></xsl:if>
        <div class="file-pick">
          <input type="file" id="f-attachments" name="attachments" multiple="multiple" class="file-input"
                 accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf">
            <xsl:call-template name="describe">
              <xsl:with-param name="name" select="'attachments'"/>
              <xsl:with-param name="error" select="$e"/>
              <xsl:with-param name="hint" select="'hint-attachments'"/>
            </xsl:call-template>
          </input>
          <label for="f-attachments" class="btn btn-outline file-add"><t:k name="form.upload.add"/></label>
        </div>
        <span class="hint" id="hint-attachments">
          <xsl:text><t:k name="form.upload.hint"/></xsl:text>
          <xsl:value-of select="$max-size-label"/>
          <xsl:text><t:k name="form.upload.hint.count"/></xsl:text>
          <xsl:value-of select="$max-files"/>
          <xsl:text><t:k name="form.upload.hint.after"/></xsl:text>
        </span>
        <!-- every file the server refused, beside the control (the summary
             lists them too) -->
        <xsl:if test="$e != ''">
          <ul class="field-error file-errors" id="err-attachments">
            <xsl:for-each select="$c/errors/error[@field = 'attachments']">
              <li><xsl:value-of select="."/></li>
            </xsl:for-each>
          </ul>
        </xsl:if>
        <div class="file-check" id="attachments-check" role="alert"></div>
        <span class="visually-hidden" id="attachments-status" role="status"></span>
      </div>

      <xsl:if test="$c/attachments/attachment">
        <div class="uploaded">
          <h3 class="uploaded-title" id="uploaded-title"><t:k name="form.uploaded"/></h3>
          <ul class="attachment-list" aria-labelledby="uploaded-title">
            <xsl:for-each select="$c/attachments/attachment">
              <li class="attachment-item">
                <span class="attachment-info">
                  <span class="attachment-name"><xsl:value-of select="@filename"/></span>
                  <xsl:call-template name="attachment-meta"/>
                </span>
                <label class="check attachment-remove" for="f-remove-{@id}">
                  <input type="checkbox" id="f-remove-{@id}" name="remove_attachment" value="{@id}"/>
                  <xsl:text><t:k name="form.remove"/></xsl:text>
                  <span class="visually-hidden"><xsl:text> </xsl:text><xsl:value-of select="@filename"/></span>
                </label>
              </li>
            </xsl:for-each>
          </ul>
          <p class="hint"><t:k name="form.remove.hint"/><strong><t:k name="form.remove"/></strong><t:k name="form.remove.hint.after"/></p>
        </div>
      </xsl:if>
    </fieldset>
  </xsl:template>

  <xsl:template name="attachment-meta">
    <span class="attachment-meta">
      <xsl:choose>
        <xsl:when test="string(@size_label) != ''"><xsl:value-of select="@size_label"/></xsl:when>
        <xsl:when test="string(@size) != ''"><xsl:value-of select="@size"/><t:k name="form.bytes"/></xsl:when>
      </xsl:choose>
      <xsl:choose>
        <xsl:when test="@content_type = 'application/pdf'"><xsl:value-of select="' · PDF'"/></xsl:when>
        <xsl:when test="@content_type = 'image/png'"><xsl:value-of select="' · PNG'"/></xsl:when>
        <xsl:when test="@content_type = 'image/jpeg'"><xsl:value-of select="' · JPEG'"/></xsl:when>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- =============================================================== review -->
  <xsl:template name="review">
    <xsl:variable name="kind-label">
      <xsl:choose>
        <xsl:when test="$c/kinds/kind[@code = $kind]"><xsl:value-of select="$c/kinds/kind[@code = $kind]/@label"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$kind"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="unit-name">
      <xsl:choose>
        <xsl:when test="$group = 'ho' and string($c/hr/@unit_name) != ''"><xsl:value-of select="$c/hr/@unit_name"/></xsl:when>
        <xsl:when test="$c/units/unit[@code = $unit_code]"><xsl:value-of select="$c/units/unit[@code = $unit_code]/@name"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$unit_code"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="atasan-name">
      <xsl:choose>
        <xsl:when test="$group = 'ho' and string($c/hr/@atasan_name) != ''"><xsl:value-of select="$c/hr/@atasan_name"/></xsl:when>
        <xsl:when test="$c/units/unit[@code = $unit_code and @head_nopek = $atasan_nopek]"><xsl:value-of select="$c/units/unit[@code = $unit_code]/@head_name"/></xsl:when>
        <xsl:when test="$c/units/unit[@head_nopek = $atasan_nopek]"><xsl:value-of select="$c/units/unit[@head_nopek = $atasan_nopek][1]/@head_name"/></xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="checked" select="$c/platforms/platform[@checked = '1' or @checked = 'true' or @checked = 'checked']"/>

    <xsl:call-template name="revise-notice"/>
    <p class="lead"><t:k name="form.review.lead"/><strong><t:k name="form.submit"/></strong><t:k name="form.review.lead.edit"/><strong><t:k name="form.edit"/></strong>.</p>

    <xsl:call-template name="error-summary"/>

    <div class="review stack">
      <section class="card review-section" aria-labelledby="rv-data">
        <h2 id="rv-data"><t:k name="form.sec.data"/></h2>
        <dl class="detail-list">
          <dt><t:k name="form.nomor"/></dt>
          <dd><code class="nomor"><xsl:value-of select="$c/@nomor"/></code></dd>
          <dt><t:k name="form.kind"/></dt>
          <dd><xsl:value-of select="$kind-label"/></dd>
          <dt><t:k name="form.nopek"/></dt>
          <dd>
            <xsl:call-template name="or-dash">
              <xsl:with-param name="v" select="string($c/field[@name = 'nopek']/@value)"/>
            </xsl:call-template>
          </dd>
          <dt><t:k name="form.full_name"/></dt>
          <dd><xsl:call-template name="or-dash"><xsl:with-param name="v" select="string($c/field[@name = 'full_name']/@value)"/></xsl:call-template></dd>
          <dt><t:k name="form.position"/></dt>
          <dd><xsl:call-template name="or-dash"><xsl:with-param name="v" select="string($c/field[@name = 'position']/@value)"/></xsl:call-template></dd>
          <dt><t:k name="form.email"/></dt>
          <dd><xsl:call-template name="or-dash"><xsl:with-param name="v" select="string($c/field[@name = 'email']/@value)"/></xsl:call-template></dd>
          <dt><t:k name="form.unit"/></dt>
          <dd><xsl:call-template name="or-dash"><xsl:with-param name="v" select="string($unit-name)"/></xsl:call-template></dd>
          <dt><t:k name="form.atasan"/></dt>
          <dd>
            <xsl:call-template name="or-dash"><xsl:with-param name="v" select="string($atasan-name)"/></xsl:call-template>
            <xsl:if test="$atasan_nopek != ''">
              <span class="muted-inline"><t:k name="form.review.atasan_nopek"/><xsl:value-of select="$atasan_nopek"/>)</span>
            </xsl:if>
          </dd>
        </dl>
      </section>

      <section class="card review-section" aria-labelledby="rv-platform">
        <h2 id="rv-platform">Platform System</h2>
        <xsl:choose>
          <xsl:when test="$checked">
            <ul class="review-platforms">
              <xsl:for-each select="$checked"><li><xsl:value-of select="@name"/></li></xsl:for-each>
            </ul>
          </xsl:when>
          <xsl:otherwise><p class="muted"><t:k name="form.review.no_platform"/></p></xsl:otherwise>
        </xsl:choose>
      </section>

      <section class="card review-section" aria-labelledby="rv-notes">
        <h2 id="rv-notes"><t:k name="form.sec.notes"/></h2>
        <h3><t:k name="form.platform_notes"/></h3>
        <xsl:choose>
          <xsl:when test="$checked">
            <dl class="detail-list">
              <xsl:for-each select="$checked">
                <dt><xsl:value-of select="@name"/></dt>
                <dd class="note-text"><xsl:call-template name="or-dash"><xsl:with-param name="v" select="string(@note)"/></xsl:call-template></dd>
              </xsl:for-each>
            </dl>
          </xsl:when>
          <xsl:otherwise><p class="muted">—</p></xsl:otherwise>
        </xsl:choose>
        <h3 class="review-subtitle"><t:k name="form.note"/></h3>
        <p class="note-text">
          <xsl:call-template name="or-dash"><xsl:with-param name="v" select="string($c/field[@name = 'note']/@value)"/></xsl:call-template>
        </p>
      </section>

      <section class="card review-section" aria-labelledby="rv-upload">
        <h2 id="rv-upload"><t:k name="form.sec.upload"/></h2>
        <xsl:choose>
          <xsl:when test="$c/attachments/attachment">
            <ul class="attachment-list">
              <xsl:for-each select="$c/attachments/attachment">
                <li class="attachment-item">
                  <span class="attachment-info">
                    <span class="attachment-name"><xsl:value-of select="@filename"/></span>
                    <xsl:call-template name="attachment-meta"/>
                  </span>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:when>
          <xsl:otherwise><p class="muted"><t:k name="form.review.no_files"/></p></xsl:otherwise>
        </xsl:choose>
      </section>
    </div>

    <!-- The Pemberitahuan Privasi, above Submit Permohonan; its version
         goes with the submit (another one in force: the review again). -->
    <section class="card review-section privacy-notice" id="privacy-notice" aria-labelledby="rv-privacy">
      <h2 id="rv-privacy"><t:k name="privacy.link"/></h2>
      <div class="privacy-text">
        <xsl:for-each select="$c/privacy/p">
          <p><xsl:value-of select="."/></p>
        </xsl:for-each>
      </div>
      <p class="hint"><a href="{$base}privasi" target="_blank" rel="noopener"><t:k name="privacy.review.page"/></a></p>
      <p class="privacy-read"><t:k name="privacy.review.read"/><strong><t:k name="form.submit"/></strong><t:k name="privacy.review.read.after"/></p>
    </section>

    <div class="form-actions review-actions">
      <form class="review-form" method="post" action="{$base}request/new" enctype="multipart/form-data">
        <xsl:call-template name="carried-values"/>
        <button type="submit" class="btn btn-outline" name="action" value="edit"><t:k name="form.edit"/></button>
      </form>
      <form class="review-form" id="submit-form" method="post" action="{$base}request/submit">
        <xsl:call-template name="carried-values"/>
        <input type="hidden" name="privacy_notice" value="{$c/privacy/@version}"/>
        <button type="submit" class="btn btn-primary"><t:k name="form.submit"/></button>
      </form>
    </div>
  </xsl:template>

  <xsl:template name="or-dash">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="normalize-space($v) != ''"><xsl:value-of select="$v"/></xsl:when>
      <xsl:otherwise>—</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Every value of the form, as hidden inputs (review mode). -->
  <xsl:template name="carried-values">
    <xsl:call-template name="csrf-field"/>
    <input type="hidden" name="form_token" value="{$c/@form_token}"/>
    <xsl:for-each select="$c/field[string(@name) != '' and @name != 'csrf' and @name != 'form_token' and @name != 'action']">
      <input type="hidden" name="{@name}" value="{@value}"/>
    </xsl:for-each>
    <xsl:for-each select="$c/platforms/platform[@checked = '1' or @checked = 'true' or @checked = 'checked']">
      <input type="hidden" name="platform" value="{@code}"/>
      <input type="hidden" name="note_{@code}" value="{@note}"/>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
