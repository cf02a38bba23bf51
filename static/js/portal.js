// The client portal: while a pain score is typed, show which zone it falls in
// (docs/clinical.md §4: safe, acceptable, too much). The server says the same
// after saving, so the page needs none of this to work.
(function () {
  "use strict";
  if (window.physioPortal) return; // loaded again with a swapped-in region
  window.physioPortal = true;

  // The zones' limits come from the server (data-pain-safe-max, data-pain-acceptable-max
  // on the guide), the one constant of programs/adherence.py.
  function zoneOf(value, guide) {
    if (value === "" || isNaN(value)) return null;
    var pain = Number(value);
    if (pain < 0 || pain > 10) return null;
    if (pain <= Number(guide.dataset.painSafeMax)) return "safe";
    if (pain <= Number(guide.dataset.painAcceptableMax)) return "acceptable";
    return "too_much";
  }

  function showZone(input) {
    var form = input.closest(".portal-log-form");
    var guide = form && form.querySelector("[data-pain-guide]");
    if (!guide) return;
    var zone = zoneOf(input.value.trim(), guide);
    guide.querySelectorAll(".badge").forEach(function (badge) {
      badge.classList.toggle("is-current", zone !== null && badge.classList.contains("portal-zone-" + zone));
    });
    var hint = guide.querySelector(".portal-pain-hint");
    if (zone === "too_much") {
      if (!hint) {
        hint = document.createElement("span");
        hint.className = "portal-pain-hint d-block mt-1";
        hint.textContent = "Above " + guide.dataset.painAcceptableMax + ": stop this exercise and rest.";
        guide.appendChild(hint);
      }
    } else if (hint) {
      hint.remove();
    }
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target.matches && target.matches(".portal-log-form input[name$='pain']")) {
      showZone(target);
    }
  });
})();
