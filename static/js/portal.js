// The client portal: while a pain score is typed, show which zone it falls in
// (docs/clinical.md §4: 0–3 fine, 4–5 acceptable, above 5 stop). The server says the same
// after saving, so the page needs none of this to work.
(function () {
  "use strict";
  if (window.physioPortal) return; // loaded again with a swapped-in region
  window.physioPortal = true;

  function zoneOf(value) {
    if (value === "" || isNaN(value)) return null;
    var pain = Number(value);
    if (pain < 0 || pain > 10) return null;
    if (pain <= 3) return "safe";
    if (pain <= 5) return "acceptable";
    return "too_much";
  }

  function showZone(input) {
    var form = input.closest("form");
    var guide = form && form.querySelector("[data-pain-guide]");
    if (!guide) return;
    var zone = zoneOf(input.value.trim());
    guide.querySelectorAll(".badge").forEach(function (badge) {
      badge.classList.toggle("is-current", zone !== null && badge.classList.contains("portal-zone-" + zone));
    });
    var hint = guide.querySelector(".portal-pain-hint");
    if (zone === "too_much") {
      if (!hint) {
        hint = document.createElement("span");
        hint.className = "portal-pain-hint d-block mt-1";
        hint.textContent = "Above 5: stop this exercise and rest.";
        guide.appendChild(hint);
      }
    } else if (hint) {
      hint.remove();
    }
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target.matches && target.matches(".portal-log-form input[name='pain']")) {
      showZone(target);
    }
  });
})();
