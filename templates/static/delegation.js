/* P-Serv Delegasi Persetujuan: Akhiri Delegasi asks in a <dialog> first.
   Without this file the form posts without confirm=1 and the server
   answers with its own confirmation page, so everything works without
   JavaScript. */
(function () {
  'use strict';

  var dialog = document.getElementById('delegation-dialog');
  if (!dialog || typeof dialog.showModal !== 'function') { return; }
  var question = dialog.querySelector('.confirm-dialog-question');
  var yes = dialog.querySelector('[data-dialog-yes]');
  var cancel = dialog.querySelector('[data-dialog-cancel]');
  var pending = null;   /* the form waiting for an answer */
  var submitting = false;

  function close() { if (dialog.open) { dialog.close(); } }

  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!form.classList || !form.classList.contains('delegation-end-form')) { return; }
    if (form.querySelector('input[name="confirm"]')) { return; }
    ev.preventDefault();
    if (submitting) { return; }
    pending = form;
    question.textContent = form.getAttribute('data-question') || '';
    dialog.showModal();
    /* Ending is final: start on Batal so a stray Enter ends nothing. */
    cancel.focus();
  });

  dialog.addEventListener('close', function () {
    var opener = pending && pending.querySelector('button[type="submit"]');
    if (!submitting) { pending = null; if (opener) { opener.focus(); } }
  });
  cancel.addEventListener('click', close);
  dialog.addEventListener('click', function (ev) {
    if (ev.target !== dialog) { return; }
    var r = dialog.getBoundingClientRect();
    if (ev.clientX < r.left || ev.clientX > r.right || ev.clientY < r.top || ev.clientY > r.bottom) {
      close();
    }
  });
  yes.addEventListener('click', function () {
    if (!pending || submitting) { return; }
    submitting = true;
    var input = document.createElement('input');
    input.type = 'hidden';
    input.name = 'confirm';
    input.value = '1';
    pending.appendChild(input);
    var form = pending;
    close();
    yes.disabled = true;
    form.submit();
  });
}());
