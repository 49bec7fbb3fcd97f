// Show Password: a checkbox that shows or hides the password fields it
// names (data-show-password="id id ...").
(function () {
  'use strict';
  document.querySelectorAll('[data-needs-js]').forEach(function (el) {
    el.hidden = false;
  });
  document.querySelectorAll('[data-show-password]').forEach(function (box) {
    var ids = box.getAttribute('data-show-password').split(/\s+/);
    box.addEventListener('change', function () {
      ids.forEach(function (id) {
        var input = document.getElementById(id);
        if (input) input.type = box.checked ? 'text' : 'password';
      });
    });
  });
}());
