// Django admin: show upload progress when a change form sends files.
// Without JavaScript (or without files chosen) the form posts as usual.
(function () {
  "use strict";

  function hasFiles(form) {
    return Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length > 0;
    });
  }

  function progressBox(form) {
    var box = document.createElement("div");
    box.className = "upload-progress admin-upload-progress";
    box.setAttribute("role", "status");
    var label = document.createElement("label");
    label.textContent = "Uploading… 0%";
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    label.appendChild(bar);
    box.appendChild(label);
    var row = form.querySelector(".submit-row") || form.firstElementChild;
    row.parentNode.insertBefore(box, row);
    return { box: box, label: label, bar: bar };
  }

  function bind(form) {
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest || !hasFiles(form)) return;
      event.preventDefault();
      var ui = progressBox(form);
      var data = new FormData(form, event.submitter || null);
      var buttons = form.querySelectorAll("input[type=submit], button[type=submit]");
      buttons.forEach(function (button) { button.disabled = true; });

      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) return;
        var percent = Math.round((e.loaded / e.total) * 100);
        ui.bar.value = percent;
        ui.label.firstChild.textContent = "Uploading… " + percent + "% ";
      });
      xhr.upload.addEventListener("load", function () {
        ui.label.firstChild.textContent = "Checking the file… ";
      });
      xhr.addEventListener("load", function () {
        // Show the page the admin answered with: the list with its "added" message after
        // a redirect (fetching it again would lose the message), or the form with errors.
        var answered = xhr.responseURL;
        document.open();
        document.write(xhr.responseText);
        document.close();
        if (answered && answered !== window.location.href) {
          window.history.replaceState(null, "", answered);
        }
      });
      xhr.addEventListener("error", function () {
        ui.label.firstChild.textContent = "The upload failed. Check your connection and try again. ";
        buttons.forEach(function (button) { button.disabled = false; });
      });
      xhr.send(data);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[enctype='multipart/form-data']").forEach(bind);
  });
})();
