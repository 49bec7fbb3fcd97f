/* P-Serv list: Approve Terpilih / Reject Terpilih (requests.xsl). Asks in a
   <dialog> listing the Nomors ticked, then posts with confirm=1. Without
   this file the form posts without confirm=1 and the server answers with
   its own confirmation page (bulk.xsl), so everything works without
   JavaScript. The server decides what is too many and why a ticket was
   not decided; this only saves a round trip. */
(function () {
  'use strict';

  var form = document.getElementById('bulk-form');
  if (!form) { return; }
  var dialog = document.getElementById(form.getAttribute('data-dialog') || '');
  if (!dialog || typeof dialog.showModal !== 'function') { return; }

  var MAX = 50;
  var question = dialog.querySelector('.confirm-dialog-question');
  var list = dialog.querySelector('.bulk-dialog-nomors');
  var yes = dialog.querySelector('[data-dialog-yes]');
  var cancel = dialog.querySelector('[data-dialog-cancel]');
  var reason = form.querySelector('#bulk-reason');
  var pending = null;
  var submitting = false;

  function message(field, text) {
    var id = 'bulk-message';
    var el = document.getElementById(id);
    if (!text) {
      if (el) { el.parentNode.removeChild(el); }
      if (field) { field.removeAttribute('aria-invalid'); }
      return;
    }
    if (!el) {
      el = document.createElement('p');
      el.id = id;
      el.className = 'field-error';
      el.setAttribute('role', 'alert');
      form.querySelector('.bulk-actions').insertAdjacentElement('beforebegin', el);
    }
    el.textContent = text;
    if (field) { field.setAttribute('aria-invalid', 'true'); }
  }

  function ticked() {
    return Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="id"]:checked'));
  }

  function hidden(name, value) {
    var input = form.querySelector('input[type="hidden"][data-js-field="' + name + '"]');
    if (!input) {
      input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.setAttribute('data-js-field', name);
      form.appendChild(input);
    }
    input.value = value;
  }

  function openDialog(button) {
    var boxes = ticked();
    if (!boxes.length) {
      message(null, 'Belum ada permohonan yang dipilih. Centang permohonan pada daftar.');
      return;
    }
    if (boxes.length > MAX) {
      message(null, 'Terlalu banyak permohonan dipilih (' + boxes.length + '). Paling banyak ' + MAX + ' permohonan sekaligus.');
      return;
    }
    if (reason.value.replace(/\s+/g, '') === '') {
      message(reason, reason.getAttribute('data-missing') || 'Alasan wajib diisi.');
      reason.focus();
      return;
    }
    message(reason, '');
    question.textContent = (dialog.getAttribute('data-q-' + button.value) || '').replace('{n}', String(boxes.length));
    list.textContent = '';
    boxes.forEach(function (b) {
      var li = document.createElement('li');
      li.textContent = b.getAttribute('data-nomor') || b.value;
      list.appendChild(li);
    });
    yes.className = 'btn ' + (button.value === 'reject' ? 'btn-danger' : 'btn-primary');
    yes.textContent = button.value === 'reject' ? 'Ya, Reject Terpilih' : 'Ya, Approve Terpilih';
    pending = { decision: button.value, opener: button };
    dialog.showModal();
    (button.value === 'reject' ? cancel : yes).focus();
  }

  function closeDialog() { if (dialog.open) { dialog.close(); } }

  dialog.addEventListener('close', function () {
    var opener = pending && pending.opener;
    pending = null;
    if (opener && !submitting) { opener.focus(); }
  });
  cancel.addEventListener('click', closeDialog);
  yes.addEventListener('click', function () {
    if (!pending || submitting) { return; }
    submitting = true;
    hidden('decision', pending.decision);
    hidden('confirm', '1');
    closeDialog();
    yes.disabled = true;
    form.submit();
  });

  form.addEventListener('click', function (ev) {
    var button = ev.target.closest ? ev.target.closest('button[type="submit"][name="decision"]') : null;
    if (!button || !form.contains(button)) { return; }
    ev.preventDefault();
    if (!submitting) { openDialog(button); }
  });

  /* "Pilih semua" in the checkbox column's head (with JavaScript only:
     without it each row is ticked by hand). */
  var head = form.querySelector('thead th.cell-pick');
  var rows = form.querySelectorAll('tbody input[type="checkbox"][name="id"]');
  if (head && rows.length) {
    var all = document.createElement('input');
    all.type = 'checkbox';
    all.id = 'pick-all';
    all.setAttribute('aria-label', 'Pilih semua');
    head.textContent = '';
    head.appendChild(all);
    all.addEventListener('change', function () {
      for (var i = 0; i < rows.length; i++) { rows[i].checked = all.checked; }
    });
    form.addEventListener('change', function (ev) {
      if (ev.target === all || ev.target.name !== 'id') { return; }
      var n = ticked().length;
      all.checked = n === rows.length;
      all.indeterminate = n > 0 && n < rows.length;
    });
  }

  window.addEventListener('pageshow', function () {
    submitting = false;
    yes.disabled = false;
  });
})();
