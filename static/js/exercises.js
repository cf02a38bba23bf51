// Exercise library: upload progress for media forms. Without JavaScript the form posts normally.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function bind(root) {
    root.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
      if (form.dataset.bound) return;
      form.dataset.bound = "1";
      form.addEventListener("submit", function (event) {
        if (!window.FormData || !window.XMLHttpRequest) return;
        event.preventDefault();
        var box = form.querySelector(".upload-progress");
        var bar = form.querySelector("progress");
        var label = box ? box.querySelector("label") : null;
        var button = form.querySelector("button[type=submit]");
        if (box) box.hidden = false;
        if (button) button.disabled = true;

        var xhr = new XMLHttpRequest();
        xhr.open("POST", form.action);
        // The view answers like an htmx request: a redirect header, or the form with errors.
        xhr.setRequestHeader("HX-Request", "true");
        xhr.setRequestHeader("X-CSRFToken", csrfToken(form));
        xhr.upload.addEventListener("progress", function (e) {
          if (!e.lengthComputable || !bar) return;
          var percent = Math.round((e.loaded / e.total) * 100);
          bar.value = percent;
          if (label) label.textContent = "Uploading… " + percent + "%";
        });
        xhr.upload.addEventListener("load", function () {
          if (label) label.textContent = "Checking the file…";
        });
        xhr.addEventListener("load", function () {
          var target = xhr.getResponseHeader("HX-Redirect");
          if (target) {
            var here = window.location.pathname + window.location.search;
            if (target.split("#")[0] === here) {
              // Only the fragment differs: assign() would not reload the page.
              window.location.hash = target.split("#")[1] || "";
              window.location.reload();
            } else {
              window.location.assign(target);
            }
            return;
          }
          var holder = form.closest("#media-form");
          if (xhr.status === 200 && holder) {
            var wrap = document.createElement("div");
            wrap.innerHTML = xhr.responseText;
            var fresh = wrap.querySelector("#media-form");
            if (fresh) {
              holder.replaceWith(fresh);
              bind(fresh.parentNode || document);
              var invalid = fresh.querySelector(".is-invalid");
              if (invalid) invalid.focus();
              return;
            }
          }
          fail();
        });
        xhr.addEventListener("error", fail);

        function fail() {
          if (label) label.textContent = "The upload failed. Check your connection and try again.";
          if (button) button.disabled = false;
        }

        xhr.send(new FormData(form));
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    bind(document);
  });
})();
