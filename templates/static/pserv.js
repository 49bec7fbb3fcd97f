/* P-Serv progressive enhancement. Everything works without this file. */
(function () {
  'use strict';

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
