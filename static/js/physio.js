// physio's own behaviour. Loaded with defer; no inline scripts (see the CSP).
(function () {
  "use strict";

  // Toasts render visible so they work without JavaScript; here they fade by themselves.
  function initToasts(root) {
    if (!window.bootstrap) return;
    root.querySelectorAll("[data-physio-toast]").forEach(function (el) {
      window.bootstrap.Toast.getOrCreateInstance(el, { delay: 6000 }).show();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initToasts(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    initToasts(event.target);
  });
})();
