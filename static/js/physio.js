// physio's own behaviour. Loaded with defer; no inline scripts (see the CSP).
(function () {
  "use strict";

  // Toasts render visible so they work without JavaScript. In the corner of a wide screen
  // they fade by themselves; on a phone they sit in the page and stay until closed, so the
  // page does not move under the finger (physio.css places them).
  var CORNER = window.matchMedia("(min-width: 768px)");
  function initToasts(root) {
    if (!window.bootstrap) return;
    root.querySelectorAll("[data-physio-toast]").forEach(function (el) {
      window.bootstrap.Toast.getOrCreateInstance(el, { delay: 6000, autohide: CORNER.matches }).show();
    });
  }

  // A search box typed into before htmx was listening (a fast typist, or a value the
  // browser restored on Back) still searches once it listens. Its "changed" filter has
  // already taken the typed value as the old one, so the form is submitted instead
  // (every search form also triggers on submit).
  function catchUpSearches(root) {
    if (!window.htmx) return;
    root.querySelectorAll("form[hx-trigger] input[type=search]").forEach(function (input) {
      if (input.value !== input.defaultValue && input.form) {
        input.form.requestSubmit();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initToasts(document);
    catchUpSearches(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    initToasts(event.target);
  });

  // While the database is away the server answers 503 with a toast saying so (aimed at
  // #toasts by HX-Retarget); htmx drops error responses unless told to swap them.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 503) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
