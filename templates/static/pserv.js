/* P-Serv progressive enhancement. Everything works without this file.
   Loaded first on every page (layout.xsl), so the pages' own scripts
   (bulk.js, ticket.js) may use window.PServ. */
(function () {
  'use strict';

  /* The confirmation <dialog> of a form whose submit buttons are
     name="decision" (bulk.js, ticket.js). A click on one asks first:
     ask(button) fills the dialog and returns the element to focus in it,
     or null when the form is not ready (ask said why). Ya posts the form
     with that decision and confirm=1; Batal, or the dialog closing,
     returns focus to the button. Without JavaScript the form posts without
     confirm=1 and the server asks on a page of its own. Returns
     { dialog, yes, cancel, close }, or null when the page has no dialog
     or the browser no showModal. */
  function confirmForm(form, ask) {
    var dialog = document.getElementById(form.getAttribute('data-dialog') || '');
    if (!dialog || typeof dialog.showModal !== 'function') { return null; }
    var yes = dialog.querySelector('[data-dialog-yes]');
    var cancel = dialog.querySelector('[data-dialog-cancel]');
    var pending = null;      /* { decision, opener } while the dialog is open */
    var submitting = false;

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

    function close() {
      if (dialog.open) { dialog.close(); }
    }

    dialog.addEventListener('close', function () {
      var opener = pending && pending.opener;
      pending = null;
      if (opener && !submitting) { opener.focus(); }
    });

    cancel.addEventListener('click', close);

    yes.addEventListener('click', function () {
      if (!pending || submitting) { return; }
      submitting = true;
      /* The hidden "decision" replaces the clicked button's name=value,
         which form.submit() does not send. */
      hidden('decision', pending.decision);
      hidden('confirm', '1');
      close();
      yes.disabled = true;
      form.submit();
    });

    form.addEventListener('click', function (ev) {
      var button = ev.target.closest ? ev.target.closest('button[type="submit"][name="decision"]') : null;
      if (!button || !form.contains(button)) { return; }
      ev.preventDefault();
      if (submitting) { return; }
      var focus = ask(button);
      if (!focus) { return; }
      pending = { decision: button.value, opener: button };
      dialog.showModal();
      focus.focus();
    });

    /* Back from the next page (bfcache): allow a new decision. */
    window.addEventListener('pageshow', function () {
      submitting = false;
      yes.disabled = false;
    });

    return { dialog: dialog, yes: yes, cancel: cancel, close: close };
  }

  window.PServ = { confirmForm: confirmForm };

  function openMenus() {
    return document.querySelectorAll('details.user-menu[open]');
  }

  /* The list's filter is a disclosure closed on a phone and shown open
     wider (pserv.css, ::details-content); a browser without
     ::details-content gets it opened here when the screen is wide. */
  var filter = document.querySelector('details.filter-disclosure');
  if (filter && !(window.CSS && CSS.supports && CSS.supports('selector(::details-content)'))
      && window.matchMedia && window.matchMedia('(min-width: 40rem)').matches) {
    filter.setAttribute('open', '');
  }

  /* Escape closes an open user menu and returns focus to its toggle. */
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Escape' && ev.key !== 'Esc') { return; }
    var menus = openMenus();
    for (var i = 0; i < menus.length; i++) {
      var menu = menus[i];
      var hadFocus = menu.contains(document.activeElement);
      menu.removeAttribute('open');
      if (hadFocus) {
        var summary = menu.querySelector('summary');
        if (summary) { summary.focus(); }
      }
    }
  });

  /* A click or tap outside an open user menu closes it. */
  document.addEventListener('click', function (ev) {
    var menus = openMenus();
    for (var i = 0; i < menus.length; i++) {
      if (!menus[i].contains(ev.target)) { menus[i].removeAttribute('open'); }
    }
  });

  /* Keyboard focus leaving the menu (Tab past Logout) closes it. */
  document.addEventListener('focusin', function (ev) {
    var menus = openMenus();
    for (var i = 0; i < menus.length; i++) {
      if (!menus[i].contains(ev.target)) { menus[i].removeAttribute('open'); }
    }
  });
})();
