/* P-Serv ticket page: the confirmation dialog of the decision panel
   (and of Batalkan Permohonan on Status Permintaan, status.xsl)
   (manual Gambar 4.10, 4.12, 7.12), and of Alihkan Persetujuan
   (assign.xsl: the same form class, data-question="assign"). Without this file the panel's form
   posts without confirm=1 and the server answers with its own
   confirmation page, so everything works without JavaScript. The dialog's
   workings are pserv.js's (PServ.confirmForm); this file adds what the
   decision panel asks, its field messages, and the keyboard. */
(function () {
  'use strict';

  var form = document.querySelector('form.decide-form');
  if (!form || !window.PServ) { return; }
  var ui = window.PServ.confirmForm(form, ask);
  if (!ui) { return; }

  var dialog = ui.dialog;
  var question = dialog.querySelector('.confirm-dialog-question');
  var yes = ui.yes;
  var yesText = null;       /* the dialog's own Yes, before any change */

  /* ------------------------------------------------ field messages */
  function errorId(field) { return field.id + '-error'; }

  function describedBy(field) {
    return (field.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  }

  function showError(field, message) {
    var id = errorId(field);
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement('span');
      el.className = 'field-error';
      el.id = id;
      field.parentNode.appendChild(el);
    }
    el.textContent = message;
    el.setAttribute('data-client', '1');
    field.setAttribute('aria-invalid', 'true');
    var ids = describedBy(field);
    if (ids.indexOf(id) < 0) {
      ids.unshift(id);
      field.setAttribute('aria-describedby', ids.join(' '));
    }
  }

  function clearClientError(field) {
    var el = document.getElementById(errorId(field));
    if (!el || el.getAttribute('data-client') !== '1') { return; }
    el.parentNode.removeChild(el);
    field.removeAttribute('aria-invalid');
    var ids = describedBy(field).filter(function (x) { return x !== errorId(field); });
    if (ids.length) { field.setAttribute('aria-describedby', ids.join(' ')); }
    else { field.removeAttribute('aria-describedby'); }
  }

  /* The fields a decision needs: data-required="any" always,
     data-required="confirm" only for the executor's Confirm. */
  function firstMissing(kind) {
    var fields = form.querySelectorAll('[data-required]');
    var missing = null;
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      var need = f.getAttribute('data-required');
      if (need !== 'any' && need !== kind) { clearClientError(f); continue; }
      if (f.value.replace(/\s+/g, '') === '') {
        showError(f, f.getAttribute('data-missing') || 'Wajib diisi.');
        if (!missing) { missing = f; }
      } else {
        clearClientError(f);
      }
    }
    return missing;
  }

  function onFieldInput(ev) {
    var f = ev.target;
    if (f.hasAttribute && f.hasAttribute('data-required') && f.value.replace(/\s+/g, '') !== '') {
      clearClientError(f);
    }
  }

  /* ---------------------------------------------------- the dialog */
  /* The dialog for the button, or null (the missing field is marked). */
  function ask(button) {
    var kind = button.getAttribute('data-question') || (button.value === 'reject' ? 'reject' : 'approve');
    var missing = firstMissing(kind);
    if (missing) {
      missing.focus();
      return null;
    }
    var text = dialog.getAttribute('data-q-' + kind) || '';
    if (kind === 'confirm') {
      var uid = form.querySelector('[name="user_id"]');
      text = text.replace('{user_id}', uid ? uid.value.replace(/\s+/g, '').replace(/[A-Z]+/g, function (s) { return s.toLowerCase(); }) : '');
    }
    if (kind === 'assign') {
      /* Alihkan Persetujuan: the account ticked among the matches, else
         the name or username typed (the server resolves it). */
      var picked = form.querySelector('input[name="account_id"]:checked');
      var typed = form.querySelector('[name="account"]');
      var who = picked ? picked.getAttribute('data-label') : (typed ? typed.value.trim() : '');
      if (!who && typed) {
        showError(typed, (form.querySelector('[data-missing-account]') || typed).getAttribute('data-missing-account') || 'Akun tujuan wajib diisi: ketik nama atau username.');
        typed.focus();
        return null;
      }
      text = text.replace('{account}', who);
    }
    question.textContent = text;
    /* Kembalikan untuk Revisi has its own answer (data-yes-return). */
    if (yesText === null) { yesText = yes.textContent; }
    yes.textContent = dialog.getAttribute('data-yes-' + kind) || yesText;
    /* A reject and a withdrawal (Batalkan Permohonan) are final. */
    var isFinal = button.value === 'reject' || button.value === 'cancel';
    yes.className = 'btn ' + (isFinal ? 'btn-danger' : 'btn-primary');
    /* A reject is final: start on Batal so a stray Enter does not reject. */
    return isFinal ? ui.cancel : yes;
  }

  dialog.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape' || ev.key === 'Esc') {
      ev.preventDefault();
      ui.close();
      return;
    }
    if (ev.key !== 'Tab') { return; }
    /* Keep keyboard focus inside the dialog. */
    var items = dialog.querySelectorAll('button:not([disabled]), [href], input:not([disabled]), [tabindex]:not([tabindex="-1"])');
    if (!items.length) { return; }
    var first = items[0];
    var last = items[items.length - 1];
    if (ev.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
      ev.preventDefault();
      last.focus();
    } else if (!ev.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
      ev.preventDefault();
      first.focus();
    }
  });

  /* A click on the backdrop (outside the dialog box) cancels. */
  dialog.addEventListener('click', function (ev) {
    if (ev.target !== dialog) { return; }
    var r = dialog.getBoundingClientRect();
    if (ev.clientX < r.left || ev.clientX > r.right || ev.clientY < r.top || ev.clientY > r.bottom) {
      ui.close();
    }
  });

  form.addEventListener('input', onFieldInput);

  /* After the server refused a field, start there. */
  var invalid = form.querySelector('[aria-invalid="true"]');
  if (invalid) { invalid.focus(); }
})();
