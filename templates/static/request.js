/* P-Serv: Form Pendaftaran User ID Baru (request_form.xsl) and its success
   page (request_done.xsl). Progressive enhancement only: without this file
   the form works through the server ("Terapkan", "Cari Data Pekerja").
   - Jenis User ID switches the fields at once (User ID Unit: Nopek disabled,
     data typed, unit and Atasan chosen; HO: Nopek typed, the rest read-only
     and filled from the HR master through GET request/lookup).
   - Divisi/Cab/Unit picks its BUH as Atasan.
   - Only ticked platforms show (and require) their note.
   - Files of the wrong type or size are flagged as soon as they are chosen.
   - The error summary takes focus; a form is never submitted twice.
   Texts: Bahasa Indonesia below; a page in another language carries its own
   in the data-* attributes of #request-texts (from the catalogue,
   templates/i18n/CODE.xml, keys form.js.*), {name}-style holes filled here. */
(function () {
  'use strict';

  function $(id) { return document.getElementById(id); }

  function setText(el, text) { if (el) { el.textContent = text; } }

  /* The page's text called name (Indonesian: dflt), its {holes} filled. */
  var texts = $('request-texts');
  function T(name, dflt, holes) {
    var v = texts ? texts.getAttribute('data-' + name) : null;
    var t = v === null ? dflt : v;
    if (holes) {
      t = t.replace(/\{([a-z]+)\}/g, function (m, k) { return holes.hasOwnProperty(k) ? String(holes[k]) : m; });
    }
    return t;
  }

  function addToken(el, attr, token) {
    var list = (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean);
    if (list.indexOf(token) < 0) { list.push(token); }
    el.setAttribute(attr, list.join(' '));
  }

  function removeToken(el, attr, token) {
    var list = (el.getAttribute(attr) || '').split(/\s+/).filter(function (t) { return t && t !== token; });
    if (list.length) { el.setAttribute(attr, list.join(' ')); } else { el.removeAttribute(attr); }
  }

  function option(value, text, selected) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    if (selected) { o.selected = true; o.defaultSelected = true; }
    return o;
  }

  function formatSize(bytes) {
    if (bytes < 1024) { return bytes + T('bytes', ' byte'); }
    if (bytes < 1024 * 1024) { return Math.max(1, Math.round(bytes / 1024)) + ' KB'; }
    return (Math.round(bytes / 104857.6) / 10).toString().replace('.', T('decimal', ',')) + ' MB';
  }

  /* ------------------------------------------------ error summary links */
  var summary = $('error-summary');
  if (summary) {
    summary.addEventListener('click', function (ev) {
      var a = ev.target.closest ? ev.target.closest('a[href^="#"]') : null;
      if (!a) { return; }
      var target = $(a.getAttribute('href').slice(1));
      if (!target || target.disabled || target.closest('[hidden]')) { return; }
      ev.preventDefault();
      target.focus();
      if (target.scrollIntoView) { target.scrollIntoView({ block: 'center' }); }
    });
    try { summary.focus({ preventScroll: false }); } catch (e) { summary.focus(); }
  }

  /* ------------------------------------------- one submit per page view */
  function guardDoubleSubmit(form) {
    var busy = false;
    form.addEventListener('submit', function (ev) {
      if (ev.defaultPrevented) { return; }
      if (busy) { ev.preventDefault(); return; }
      busy = true;
      var buttons = form.querySelectorAll('button[type="submit"]');
      /* After the entry list is built, so the pressed button still counts. */
      window.setTimeout(function () {
        for (var i = 0; i < buttons.length; i++) { buttons[i].setAttribute('aria-disabled', 'true'); }
      }, 0);
    });
    window.addEventListener('pageshow', function () {
      busy = false;
      var buttons = form.querySelectorAll('button[aria-disabled="true"]');
      for (var i = 0; i < buttons.length; i++) { buttons[i].removeAttribute('aria-disabled'); }
    });
  }

  var reviewForms = document.querySelectorAll('form.review-form');
  for (var r = 0; r < reviewForms.length; r++) { guardDoubleSubmit(reviewForms[r]); }

  /* ------------------------------------------------- success page: copy */
  var nomorValue = $('nomor-value');
  if (nomorValue) {
    var copyBtn = document.createElement('button');
    copyBtn.type = 'button';
    copyBtn.className = 'btn btn-outline btn-sm';
    copyBtn.textContent = T('copy', 'Salin Nomor');
    var copyStatus = document.createElement('span');
    copyStatus.className = 'copy-status';
    copyStatus.setAttribute('role', 'status');
    nomorValue.parentNode.appendChild(copyBtn);
    nomorValue.parentNode.appendChild(copyStatus);
    var selectNomor = function () {
      var range = document.createRange();
      range.selectNodeContents(nomorValue);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    };
    var copied = function () {
      setText(copyStatus, T('copied', 'Nomor disalin.'));
      window.setTimeout(function () { setText(copyStatus, ''); }, 4000);
    };
    var fallback = function () {
      selectNomor();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      if (ok) { copied(); } else { setText(copyStatus, T('copy-manual', 'Nomor sudah ditandai: tekan Ctrl+C untuk menyalin.')); }
    };
    copyBtn.addEventListener('click', function () {
      var text = nomorValue.textContent.trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(copied, fallback);
      } else {
        fallback();
      }
    });
  }

  /* ============================================================ the form */
  var form = $('request-form');
  if (!form) { return; }

  var kind = $('f-kind');
  var kindBtn = $('btn-kind');
  var nopek = $('f-nopek');
  var lookupBtn = $('btn-lookup');
  var nopekHint = $('hint-nopek');
  var nopekStatus = $('nopek-status');
  var unit = $('f-unit_code');
  var atasan = $('f-atasan_nopek');
  var atasanHint = $('hint-atasan_nopek');
  var person = ['full_name', 'position', 'email'].map(function (n) { return $('f-' + n); }).filter(Boolean);
  var lookupUrl = form.getAttribute('data-lookup-url') || '';

  /* No-JS helpers go away: the page reacts at once. */
  var nojs = form.querySelectorAll('.nojs-only');
  for (var n = 0; n < nojs.length; n++) { nojs[n].hidden = true; }
  if (lookupBtn) { lookupBtn.hidden = true; }

  function group() {
    var v = kind ? kind.value : '';
    if (v === 'UNIT') { return 'unit'; }
    return v ? 'ho' : '';
  }

  /* The UNIT units and their heads, read once from the server's options. */
  var units = [];
  if (unit) {
    var uo = unit.querySelectorAll('option.opt-unit');
    for (var u = 0; u < uo.length; u++) {
      units.push({ code: uo[u].value, name: uo[u].textContent, head: uo[u].getAttribute('data-head') || '' });
    }
  }
  var headText = {};
  if (atasan) {
    var ho = atasan.querySelectorAll('option.opt-head');
    for (var h = 0; h < ho.length; h++) { headText[ho[h].getAttribute('data-unit')] = ho[h].textContent; }
  }
  function unitByCode(code) {
    for (var i = 0; i < units.length; i++) { if (units[i].code === code) { return units[i]; } }
    return null;
  }

  /* The HO values (from the page, then from each look-up). */
  function hoOption(select) {
    var o = select ? select.querySelector('option.opt-ho') : null;
    return o ? { value: o.value, text: o.textContent } : null;
  }
  var hoUnit = hoOption(unit);
  var hoAtasan = hoOption(atasan);
  var okNopek = (hoUnit && nopek) ? nopek.value.trim() : '';   /* nopek the HO values belong to */

  /* The last UNIT choices, kept while an HO kind is shown. */
  var unitChoice = (group() !== 'ho' && unit) ? unit.value : '';
  var memo = null;

  function renderUnit() {
    if (!unit) { return; }
    var g = group();
    unit.textContent = '';
    if (g === 'ho') {
      unit.appendChild(hoUnit ? option(hoUnit.value, hoUnit.text, true)
                              : option('', T('from-nopek', '— Terisi otomatis dari Nopek —'), true));
      unit.disabled = true;
      unit.required = false;
    } else {
      unit.appendChild(option('', T('choose', '— Pilih —'), !unitChoice));
      for (var i = 0; i < units.length; i++) {
        unit.appendChild(option(units[i].code, units[i].name, units[i].code === unitChoice));
      }
      unit.disabled = false;
      unit.required = true;
    }
  }

  function renderAtasan() {
    if (!atasan) { return; }
    var g = group();
    atasan.textContent = '';
    if (g === 'ho') {
      atasan.appendChild(hoAtasan ? option(hoAtasan.value, hoAtasan.text, true)
                                  : option('', T('from-nopek', '— Terisi otomatis dari Nopek —'), true));
      atasan.disabled = true;
      atasan.required = false;
      setText(atasanHint, T('atasan-ho', 'Atasan langsung pemohon menurut data HR.'));
      return;
    }
    var chosen = unitByCode(unit ? unit.value : '');
    if (chosen && chosen.head) {
      atasan.appendChild(option(chosen.head, headText[chosen.code] || chosen.head, true));
    } else {
      atasan.appendChild(option('', T('unit-first', '— Pilih Divisi/Cab/Unit terlebih dahulu —'), true));
    }
    atasan.disabled = false;
    atasan.required = true;
    setText(atasanHint, T('atasan-unit', 'Untuk User ID Unit, Atasan adalah BUH dari Divisi/Cab/Unit yang dipilih dan terpilih otomatis.'));
  }

  /* ---------------------------------------------------- look-up status */
  function showStatus(text, isError) {
    if (!nopekStatus) { return; }
    nopekStatus.textContent = '';
    if (nopek) {
      if (isError) {
        nopek.setAttribute('aria-invalid', 'true');
        addToken(nopek, 'aria-describedby', 'err-nopek');
      } else {
        nopek.removeAttribute('aria-invalid');
        removeToken(nopek, 'aria-describedby', 'err-nopek');
      }
    }
    if (!text) { return; }
    var span = document.createElement('span');
    if (isError) {
      span.className = 'field-error';
      span.id = 'err-nopek';
    } else {
      span.className = 'hint';
    }
    span.textContent = text;
    nopekStatus.appendChild(span);
  }

  function clearHoValues() {
    hoUnit = null;
    hoAtasan = null;
    okNopek = '';
    for (var i = 0; i < person.length; i++) { person[i].value = ''; }
    renderUnit();
    renderAtasan();
  }

  function fillHoValues(d) {
    var map = { full_name: d.full_name, position: d.position, email: d.email };
    for (var i = 0; i < person.length; i++) {
      var v = map[person[i].name];
      person[i].value = (v === undefined || v === null) ? '' : String(v);
      person[i].removeAttribute('aria-invalid');
    }
    hoUnit = d.unit_code ? { value: String(d.unit_code), text: String(d.unit_name || d.unit_code) } : null;
    hoAtasan = d.atasan_nopek ? { value: String(d.atasan_nopek), text: String(d.atasan_name || d.atasan_nopek) } : null;
    renderUnit();
    renderAtasan();
  }

  /* ------------------------------------------------------------ look-up */
  var timer = 0;
  var seq = 0;
  var lastKey = '';   /* nopek|kind last asked for (or answered) */

  function digits(v) { return (v.match(/[0-9]/g) || []).length; }

  function lookup(force) {
    if (!nopek || !lookupUrl || group() !== 'ho' || nopek.disabled) { return; }
    var value = nopek.value.trim();
    if (!value) { return; }
    var key = value + '|' + kind.value;
    if (key === lastKey && !force) { return; }
    lastKey = key;
    var mine = ++seq;
    showStatus(T('searching', 'Mencari data pekerja…'), false);
    var url = lookupUrl + '?nopek=' + encodeURIComponent(value) + '&kind=' + encodeURIComponent(kind.value);
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (res) {
        return res.json().then(function (data) { return { status: res.status, data: data }; },
                              function () { return { status: res.status, data: null }; });
      })
      .then(function (r) {
        if (mine !== seq) { return; }
        var d = r.data || {};
        if (r.status === 200 && d.ok === true) {
          okNopek = value;
          fillHoValues(d);
          showStatus(T('found', 'Data pekerja ditemukan') + (d.full_name ? ': ' + d.full_name + '.' : '.'), false);
          if (nopekStatus.firstChild) { nopekStatus.firstChild.className = 'hint lookup-ok'; }
          return;
        }
        clearHoValues();
        if (r.status === 200 && d.ok === false) {
          if (d.retry) { lastKey = ''; }   /* e.g. rate-limited: ask again later */
          showStatus(d.error || T('not-found', 'Nopek tidak ditemukan.'), true);
          return;
        }
        lastKey = '';   /* not an answer about this nopek: may try again */
        if (r.status === 429) {
          showStatus(d.error || T('busy', 'Terlalu banyak permintaan. Coba lagi beberapa saat lagi.'), true);
        } else {
          showStatus(d.error || T('load-failed', 'Data pekerja tidak dapat dimuat. Tekan Cari Data Pekerja.'), true);
          if (lookupBtn) { lookupBtn.hidden = false; }
        }
      }, function () {
        if (mine !== seq) { return; }
        lastKey = '';
        clearHoValues();
        showStatus(T('offline', 'Data pekerja tidak dapat dimuat. Periksa koneksi, lalu tekan Cari Data Pekerja.'), true);
        if (lookupBtn) { lookupBtn.hidden = false; }
      });
  }

  if (nopek) {
    nopek.addEventListener('input', function () {
      window.clearTimeout(timer);
      if (group() !== 'ho') { return; }
      var value = nopek.value.trim();
      if (value !== okNopek && (hoUnit || hoAtasan || okNopek)) { clearHoValues(); }
      if (value + '|' + kind.value !== lastKey) {
        seq++;   /* an answer for an older value no longer applies */
        lastKey = '';
        showStatus('', false);
      }
      if (digits(value) >= 8) { timer = window.setTimeout(function () { lookup(false); }, 300); }
    });
    nopek.addEventListener('change', function () {
      window.clearTimeout(timer);
      lookup(false);
    });
    nopek.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' && group() === 'ho') {
        ev.preventDefault();
        window.clearTimeout(timer);
        lookup(true);
      }
    });
  }

  /* ------------------------------------------------------- Jenis User ID */
  var shownGroup = group();
  var shownKind = kind ? kind.value : '';

  function applyKind(initial) {
    var g = group();
    if (!initial) {
      if (shownGroup !== 'ho' && g === 'ho') {
        /* Keep what was typed for User ID Unit; HO data comes from HR. */
        memo = { unit: unit ? unit.value : '', values: person.map(function (p) { return p.value; }) };
        unitChoice = memo.unit;
        clearHoValues();
      } else if (shownGroup === 'ho' && g !== 'ho') {
        hoUnit = null;
        hoAtasan = null;
        okNopek = '';
        for (var i = 0; i < person.length; i++) { person[i].value = memo ? memo.values[i] : ''; }
        unitChoice = memo ? memo.unit : '';
      } else if (g === 'ho' && kind.value !== shownKind) {
        clearHoValues();   /* the other HO kind: the nopek must match it */
      }
      window.clearTimeout(timer);
      seq++;
      lastKey = '';
      showStatus('', false);
    }
    shownGroup = g;
    shownKind = kind ? kind.value : '';

    if (nopek) {
      nopek.disabled = (g === 'unit');
      nopek.required = (g === 'ho');
    }
    if (lookupBtn) { lookupBtn.disabled = (g === 'unit'); }
    setText(nopekHint, g === 'unit'
      ? T('nopek-unit', 'Nomor pekerja tidak diisi untuk User ID Unit.')
      : T('nopek-ho', 'Nomor pekerja (untuk HO). Data pemohon terisi otomatis dari data HR.'));
    for (var p = 0; p < person.length; p++) {
      person[p].readOnly = (g === 'ho');
      person[p].required = (g !== 'ho');
    }
    renderUnit();
    renderAtasan();

    if (!initial && g === 'ho' && nopek && digits(nopek.value) >= 8) { lookup(true); }
  }

  if (kind) {
    kind.addEventListener('change', function () { applyKind(false); });
  }
  if (unit) {
    unit.addEventListener('change', function () {
      if (group() !== 'ho') { unitChoice = unit.value; }
      renderAtasan();
    });
  }
  applyKind(true);

  /* Loaded in HO with a complete nopek but no HR data yet (e.g. after
     "Terapkan"): ask for it now, unless the server already refused it. */
  if (group() === 'ho' && nopek && !hoUnit && digits(nopek.value) >= 8 &&
      nopek.getAttribute('aria-invalid') !== 'true') {
    lookup(true);
  }

  /* ----------------------------------------------------- platform notes */
  var boxes = form.querySelectorAll('input[type="checkbox"][name="platform"]');
  var notesEmpty = $('platform-notes-empty');

  function applyPlatforms() {
    var any = false;
    for (var i = 0; i < boxes.length; i++) {
      var code = boxes[i].value;
      var field = $('field-note_' + code);
      var area = $('f-note_' + code);
      var on = boxes[i].checked;
      if (on) { any = true; }
      if (field) { field.hidden = !on; }
      if (area) {
        area.disabled = !on;
        area.required = on;
      }
    }
    if (notesEmpty) { notesEmpty.hidden = any; }
  }

  for (var b = 0; b < boxes.length; b++) {
    boxes[b].addEventListener('change', applyPlatforms);
  }
  applyPlatforms();

  /* -------------------------------------------------------------- files */
  /* Tambahkan File Baru adds to what is chosen (a browser's file input
     replaces it); each chosen file is listed with a remove button. The
     input's FileList is rebuilt through DataTransfer; where a browser cannot,
     a new choice replaces the old one and only "Batalkan Pilihan File" is
     offered. */
  var fileInput = $('f-attachments');
  var fileCheck = $('attachments-check');
  var fileStatus = $('attachments-status');
  var maxSize = parseInt(form.getAttribute('data-max-file-size'), 10) || 5242880;
  var maxFiles = parseInt(form.getAttribute('data-max-files'), 10) || 5;
  var maxLabel = form.getAttribute('data-max-size-label') || formatSize(maxSize);
  var okTypes = ['image/jpeg', 'image/png', 'application/pdf'];
  var fileProblems = [];
  var chosen = [];
  var picked = null;
  var clearBtn = null;
  var removeBoxes = form.querySelectorAll('input[type="checkbox"][name="remove_attachment"]');
  var canEdit = (function () {
    try { return typeof DataTransfer === 'function' && !!new DataTransfer().items; } catch (e) { return false; }
  }());

  function keptCount() {
    var kept = 0;
    for (var i = 0; i < removeBoxes.length; i++) { if (!removeBoxes[i].checked) { kept++; } }
    return kept;
  }

  function sameFile(a, b) {
    return a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;
  }

  /* The input holds exactly the files listed. */
  function syncInput() {
    if (!canEdit) { return; }
    var dt = new DataTransfer();
    chosen.forEach(function (f) { dt.items.add(f); });
    fileInput.files = dt.files;
  }

  function removeFile(i) {
    var name = chosen[i] ? chosen[i].name : '';
    chosen.splice(i, 1);
    syncInput();
    checkFiles();
    setText(fileStatus, T('removed', '{name} dihapus dari pilihan.', { name: name }));
    var next = picked && picked.querySelectorAll('.file-remove')[Math.min(i, chosen.length - 1)];
    (next || fileInput).focus();
  }

  function checkFiles() {
    if (!fileInput) { return; }
    var files = chosen;
    fileProblems = [];
    if (picked) { picked.textContent = ''; }
    files.forEach(function (f, i) {
      var name = f.name || 'file';
      var ext = (/\.([a-z0-9]+)$/i.exec(name) || ['', ''])[1].toLowerCase();
      var problem = '';
      if (['jpg', 'jpeg', 'png', 'pdf'].indexOf(ext) < 0 || (f.type && okTypes.indexOf(f.type) < 0)) {
        problem = T('bad-type', '{name}: tipe file tidak diizinkan (hanya JPG, JPEG, PNG atau PDF).', { name: name });
      } else if (f.size > maxSize) {
        problem = T('too-big', '{name}: ukuran {size} melebihi batas {max}.', { name: name, size: formatSize(f.size), max: maxLabel });
      } else if (f.size === 0) {
        problem = T('empty', '{name}: file kosong.', { name: name });
      }
      if (problem) { fileProblems.push(problem); }
      if (picked) {
        var li = document.createElement('li');
        var label = document.createElement('span');
        label.textContent = name + ' (' + formatSize(f.size) + ')';
        if (problem) { li.className = 'is-bad'; label.textContent += T('refused', ' — ditolak'); }
        li.appendChild(label);
        if (canEdit) {
          var rm = document.createElement('button');
          rm.type = 'button';
          rm.className = 'btn btn-outline btn-sm file-remove';
          rm.textContent = T('remove', 'Hapus');
          var which = document.createElement('span');
          which.className = 'visually-hidden';
          which.textContent = ' ' + name;
          rm.appendChild(which);
          rm.addEventListener('click', function () { removeFile(i); });
          li.appendChild(rm);
        }
        picked.appendChild(li);
      }
    });
    var total = keptCount() + files.length;
    if (files.length && total > maxFiles) {
      fileProblems.push(T('too-many', 'Maksimal {max} file per permohonan; terpilih {total} file termasuk yang sudah diunggah.',
                          { max: maxFiles, total: total }));
    }
    if (picked) { picked.hidden = !files.length; }
    if (clearBtn) { clearBtn.hidden = !files.length; }
    showFileProblems();
  }

  function showFileProblems() {
    if (!fileCheck) { return; }
    fileCheck.textContent = '';
    if (!fileProblems.length) {
      fileInput.removeAttribute('aria-invalid');
      removeToken(fileInput, 'aria-describedby', 'attachments-check');
      return;
    }
    fileInput.setAttribute('aria-invalid', 'true');
    addToken(fileInput, 'aria-describedby', 'attachments-check');
    var p = document.createElement('span');
    p.className = 'field-error';
    p.textContent = fileProblems.length === 1
      ? fileProblems[0] + T('pick-other', ' Pilih file lain.')
      : T('cannot-upload', 'File berikut tidak dapat diunggah; pilih file lain:');
    fileCheck.appendChild(p);
    if (fileProblems.length > 1) {
      var ul = document.createElement('ul');
      ul.className = 'field-error';
      fileProblems.forEach(function (t) {
        var li = document.createElement('li');
        li.textContent = t;
        ul.appendChild(li);
      });
      fileCheck.appendChild(ul);
    }
  }

  if (fileInput) {
    var field = fileInput.closest ? fileInput.closest('.upload-field') : null;
    if (field) { field.className += ' is-enhanced'; }
    picked = document.createElement('ul');
    picked.className = 'file-picked';
    picked.setAttribute('aria-label', T('picked', 'File terpilih'));
    picked.hidden = true;
    clearBtn = document.createElement('button');
    clearBtn.type = 'button';
    clearBtn.className = 'btn btn-outline btn-sm file-clear';
    clearBtn.textContent = T('clear', 'Batalkan Pilihan File');
    clearBtn.hidden = true;
    var anchor = fileCheck || fileInput;
    anchor.parentNode.insertBefore(picked, anchor);
    anchor.parentNode.insertBefore(clearBtn, anchor);
    clearBtn.addEventListener('click', function () {
      chosen = [];
      fileInput.value = '';
      checkFiles();
      fileInput.focus();
    });
    fileInput.addEventListener('change', function () {
      var fresh = fileInput.files ? Array.prototype.slice.call(fileInput.files) : [];
      if (canEdit) {
        fresh.forEach(function (f) {
          if (!chosen.some(function (c) { return sameFile(c, f); })) { chosen.push(f); }
        });
        syncInput();
      } else {
        chosen = fresh;
      }
      setText(fileStatus, '');
      checkFiles();
    });
    for (var rb = 0; rb < removeBoxes.length; rb++) { removeBoxes[rb].addEventListener('change', checkFiles); }
    /* a reload may keep a chosen file */
    chosen = fileInput.files ? Array.prototype.slice.call(fileInput.files) : [];
    checkFiles();
  }

  form.addEventListener('submit', function (ev) {
    if (fileProblems.length) {
      ev.preventDefault();
      showFileProblems();   /* announced again */
      fileInput.focus();
    }
  });
  guardDoubleSubmit(form);
})();
