// The installable portal, on the page's side: registers the service worker, gives each
// log send an idempotency key (so a retried send is stored once), tells the worker what
// to keep for offline use (today's page, its log forms, pictures, videos played), and
// asks it to send queued logs when the phone is back online.
(function () {
  "use strict";
  if (window.physioPwa) return;
  window.physioPwa = true;

  var script = document.currentScript;
  var workerUrl = script && script.dataset.worker;
  var LOG_URL = /\/portal\/exercises\/\d+\/log\/\d+\/$/;

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return "";
  }

  // htmx sends: the key travels as a header.
  document.addEventListener("htmx:configRequest", function (event) {
    var detail = event.detail;
    if (detail.verb === "post" && LOG_URL.test(new URL(detail.path, location.href).pathname)) {
      var key = newKey();
      if (key) detail.headers["Idempotency-Key"] = key;
    }
  });

  // A plain form (htmx not running): the key travels as a field.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !LOG_URL.test(new URL(form.action, location.href).pathname)) return;
    var field = form.querySelector("input[name=idempotency_key]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "idempotency_key";
      form.appendChild(field);
    }
    field.value = newKey();
  });

  if (!workerUrl || !("serviceWorker" in navigator)) return;

  function worker() {
    return navigator.serviceWorker.controller;
  }

  function tell(message) {
    var controller = worker();
    if (controller) controller.postMessage(message);
  }

  function keepThisPage() {
    if (!navigator.onLine) return;
    var pages = [location.pathname + location.search];
    document.querySelectorAll("main img[src], main video[poster]").forEach(function (el) {
      pages.push(el.getAttribute("src") || el.getAttribute("poster"));
    });
    var fragments = [];
    document.querySelectorAll(".portal-log a[hx-get]").forEach(function (link) {
      fragments.push(link.getAttribute("hx-get"));
    });
    tell({ type: "keep-pages", pages: pages, fragments: fragments });
  }

  navigator.serviceWorker.register(workerUrl, { scope: "/" }).catch(function () { /* no worker: the site works as before */ });

  navigator.serviceWorker.ready.then(function () {
    if (worker()) {
      keepThisPage();
      tell({ type: "replay" });
    } else {
      navigator.serviceWorker.addEventListener("controllerchange", function () {
        keepThisPage();
        tell({ type: "replay" });
      }, { once: true });
    }
  });

  window.addEventListener("online", function () {
    tell({ type: "replay" });
  });

  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "kept") {
      document.documentElement.dataset.offlineReady = "true";
    } else if (data.type === "log-sent") {
      var card = data.target && document.getElementById(data.target);
      if (card && card.classList.contains("portal-log-queued")) {
        location.reload(); // show the round as the server saved it
      }
    }
  });

  // Keep each video the client plays, for offline use (the worker caps the space).
  document.addEventListener("play", function (event) {
    var video = event.target;
    if (video instanceof HTMLVideoElement && video.currentSrc) {
      tell({ type: "keep-video", url: video.currentSrc });
    }
  }, true);

  // Someone else may use this phone next: signing out forgets the pages kept.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.signOut !== undefined) {
      tell({ type: "forget" });
    }
  });
})();
