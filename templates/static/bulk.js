/* P-Serv list: Approve Terpilih / Reject Terpilih (requests.xsl). Asks in a
   <dialog> listing the Nomors ticked, then posts with confirm=1. Without
   this file the form posts without confirm=1 and the server answers with
   its own confirmation page (bulk.xsl), so everything works without
   JavaScript. The server decides what is too many and why a ticket was
   not decided; this only saves a round trip. The dialog's workings are
   pserv.js's (PServ.confirmForm). */
(function () {
  'use strict';

  var form = document.getElementById('bulk-form');
  if (!form || !window.PServ) { return; }

  var MAX = 50;
  var reason = form.querySelector('#bulk-reason');
  var ui = window.PServ.confirmForm(form, ask);
  if (!ui) { return; }
  var question = ui.dialog.querySelector('.confirm-dialog-question');
  var list = ui.dialog.querySelector('.bulk-dialog-nomors');

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

  /* The dialog for Approve / Reject Terpilih, or null (said why). */
  function ask(button) {
    var boxes = ticked();
    if (!boxes.length) {
      message(null, ui.dialog.getAttribute('data-none') || 'Belum ada permohonan yang dipilih. Centang permohonan pada daftar.');
      return null;
    }
    if (boxes.length > MAX) {
      message(null, (ui.dialog.getAttribute('data-too-many') || 'Terlalu banyak permohonan dipilih ({n}). Paling banyak {max} permohonan sekaligus.').replace('{n}', String(boxes.length)).replace('{max}', String(MAX)));
      return null;
    }
    if (reason.value.replace(/\s+/g, '') === '') {
      message(reason, reason.getAttribute('data-missing') || 'Alasan wajib diisi.');
      reason.focus();
      return null;
    }
    message(reason, '');
    question.textContent = (ui.dialog.getAttribute('data-q-' + button.value) || '').replace('{n}', String(boxes.length));
    list.textContent = '';
    boxes.forEach(function (b) {
      var li = document.createElement('li');
      li.textContent = b.getAttribute('data-nomor') || b.value;
      list.appendChild(li);
    });
    ui.yes.className = 'btn ' + (button.value === 'reject' ? 'btn-danger' : 'btn-primary');
    ui.yes.textContent = ui.dialog.getAttribute('data-yes-' + button.value) || (button.value === 'reject' ? 'Ya, Reject Terpilih' : 'Ya, Approve Terpilih');
    return button.value === 'reject' ? ui.cancel : ui.yes;
  }

  /* "Pilih semua" in the checkbox column's head (with JavaScript only:
     without it each row is ticked by hand). */
  var head = form.querySelector('thead th.cell-pick');
  var rows = form.querySelectorAll('tbody input[type="checkbox"][name="id"]');
  if (head && rows.length) {
    var all = document.createElement('input');
    all.type = 'checkbox';
    all.id = 'pick-all';
    all.setAttribute('aria-label', (ui.dialog && ui.dialog.getAttribute('data-pick-all')) || 'Pilih semua');
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
})();
