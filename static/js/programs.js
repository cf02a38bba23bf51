// Programme builder: drag and drop to reorder items (HTML5 drag events, no library).
// Without JavaScript the ↑/↓ buttons (plain forms) do the same job.
(function () {
  "use strict";

  var dragged = null;

  function list() {
    return document.querySelector("#items ol[data-reorder]");
  }

  function enable() {
    var ol = list();
    if (!ol) return;
    // Rows swapped in by htmx (after a dose edit, say) arrive without the attribute.
    ol.querySelectorAll("li.program-item:not([draggable])").forEach(function (li) {
      li.setAttribute("draggable", "true");
      var handle = li.querySelector(".drag-handle");
      if (handle) handle.classList.remove("d-none");
    });
  }

  function itemFrom(target) {
    return target && target.closest ? target.closest("#items li.program-item") : null;
  }

  function submitOrder() {
    var ol = list();
    var form = document.getElementById("reorder-form");
    if (!ol || !form) return;
    form.querySelectorAll("input[name=item]").forEach(function (input) {
      input.remove();
    });
    ol.querySelectorAll("li.program-item").forEach(function (li) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "item";
      input.value = li.dataset.itemId;
      form.appendChild(input);
    });
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  document.addEventListener("dragstart", function (event) {
    var li = itemFrom(event.target);
    if (!li || li.getAttribute("draggable") !== "true") return;
    // Dragging starts from the card itself, not from a form control inside it.
    if (event.target.closest("input, select, textarea, button")) {
      event.preventDefault();
      return;
    }
    dragged = li;
    li.classList.add("program-item-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", li.dataset.itemId);
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) return;
    var over = itemFrom(event.target);
    if (!over || over.parentNode !== dragged.parentNode) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (over === dragged) return;
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
  });

  document.addEventListener("drop", function (event) {
    if (!dragged) return;
    event.preventDefault();
  });

  document.addEventListener("dragend", function () {
    if (!dragged) return;
    dragged.classList.remove("program-item-dragging");
    dragged = null;
    submitOrder();
  });

  // The handout's Print button: hidden until JavaScript can use it.
  function enablePrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.classList.remove("d-none");
    });
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });

  // Library search in the builder: the results on screen belong to the query they were
  // found for. As soon as the box says something else, the old list is disabled (its
  // Add buttons too) until the new one replaces it; the server refuses a stale Add too.
  function markStale() {
    var box = document.getElementById("library-q");
    var results = document.getElementById("search-results");
    if (!box || !results) return;
    var stale = box.value.trim() !== (results.dataset.query || "");
    results.classList.toggle("search-stale", stale);
    results.setAttribute("aria-busy", stale ? "true" : "false");
    results.querySelectorAll("button").forEach(function (button) {
      button.disabled = stale;
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === "library-q") markStale();
  });
  document.addEventListener("htmx:afterSettle", markStale);
  document.addEventListener("DOMContentLoaded", enablePrint);
  document.addEventListener("DOMContentLoaded", enable);
  document.addEventListener("htmx:afterSettle", enable);
})();
