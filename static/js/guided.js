// Today's guided session (programs/portal/session.html): plays the exercises one screen
// at a time — a rep counter the client taps (or that counts a tempo), a countdown for
// holds and for the rest between sets, spoken cues on request, "Skip" and "Stop — it
// hurts" — and then fills the page's log fields in from the counters for the client to
// check and save. The page is the same form without this script; every number it needs
// comes from data attributes (the CSP allows no inline script).
(function () {
  "use strict";
  var form = document.querySelector("form[data-guided]");
  if (!form || form.dataset.mode) return;

  var steps = Array.prototype.slice.call(form.querySelectorAll("[data-guided-step]"));
  var announcer = form.querySelector("[data-guided-announce]");
  var speakButton = form.querySelector("[data-guided-speak]");
  var painSafeMax = Number(form.dataset.painSafeMax);
  var painAcceptableMax = Number(form.dataset.painAcceptableMax);
  var speaking = false; // spoken cues are off until the client asks for them
  var current = -1;
  var timer = null; // the running countdown or tempo: one at a time
  var wakeLock = null;

  function numberOr(value, fallback) {
    return value === "" || value === undefined ? fallback : Number(value);
  }

  var states = steps.map(function (el) {
    return {
      el: el,
      prefix: "step-" + el.querySelector("input[name=step]").value,
      name: el.dataset.name,
      dose: el.dataset.dose,
      sets: Number(el.dataset.sets),
      reps: numberOr(el.dataset.reps, null),
      hold: numberOr(el.dataset.hold, null),
      rest: Number(el.dataset.rest),
      repSeconds: Number(el.dataset.repSeconds),
      set: 1,
      count: 0,
      completed: [], // what each finished set counted (repetitions, or 1 hold)
      pain: null,
      reached: false,
      skipped: false,
    };
  });

  function part(state, name) {
    return state.el.querySelector("[data-guided-" + name + "]");
  }

  // --- saying things: always to screen readers, aloud only when asked -----------------
  function say(text, aloud) {
    if (announcer) announcer.textContent = text;
    if (aloud !== false && speaking && window.speechSynthesis) {
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
    }
  }

  function speakOnly(text) {
    if (speaking && window.speechSynthesis) {
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
    }
  }

  if (speakButton) {
    if (!window.speechSynthesis) {
      speakButton.hidden = true;
    }
    speakButton.addEventListener("click", function () {
      speaking = !speaking;
      speakButton.setAttribute("aria-pressed", String(speaking));
      speakButton.textContent = "Spoken cues: " + (speaking ? "on" : "off");
      if (!speaking && window.speechSynthesis) window.speechSynthesis.cancel();
      if (speaking) say("Spoken cues on.");
    });
  }

  // --- keeping the screen awake while the session runs --------------------------------
  function holdScreen() {
    if (!("wakeLock" in navigator)) {
      form.dataset.wakeLock = "unavailable";
      return;
    }
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      form.dataset.wakeLock = "on";
      lock.addEventListener("release", function () {
        if (wakeLock === lock) wakeLock = null;
        form.dataset.wakeLock = "off";
      });
    }).catch(function () {
      form.dataset.wakeLock = "refused";
    });
  }

  function releaseScreen() {
    if (wakeLock) {
      var lock = wakeLock;
      wakeLock = null;
      lock.release().catch(function () { /* already released */ });
    }
    if (form.dataset.wakeLock === "on") form.dataset.wakeLock = "off";
  }

  document.addEventListener("visibilitychange", function () {
    // The browser drops the lock when the page is hidden; take it again on return.
    if (document.visibilityState === "hidden") {
      releaseScreen();
    } else if (form.dataset.mode === "play") {
      holdScreen();
    }
  });
  window.addEventListener("pagehide", releaseScreen);

  // --- timers --------------------------------------------------------------------------
  function stopTimer() {
    if (timer) {
      clearInterval(timer.id);
      timer = null;
    }
    states.forEach(function (state) {
      var tempo = part(state, "tempo");
      if (tempo) {
        tempo.setAttribute("aria-pressed", "false");
        tempo.classList.remove("active");
      }
    });
  }

  // Counts down ``seconds`` on the step's timer, then calls ``done``.
  function countdown(state, seconds, what, done) {
    stopTimer();
    var box = part(state, "timer");
    var shown = part(state, "seconds");
    part(state, "timer-what").textContent = what;
    box.hidden = false;
    var end = Date.now() + seconds * 1000;
    var last = null;
    function tick() {
      var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      if (left !== last) {
        shown.textContent = String(left);
        if (left > 0 && left <= 3 && seconds > 5) speakOnly(String(left));
        last = left;
      }
      if (left <= 0) {
        stopTimer();
        box.hidden = true;
        if (navigator.vibrate) navigator.vibrate(200);
        done();
      }
    }
    timer = { id: setInterval(tick, 200), kind: "countdown" };
    tick();
  }

  // --- one exercise's screen -------------------------------------------------------------
  function showWork(state) {
    var label = part(state, "set-label");
    label.textContent = "Set " + state.set + " of " + state.sets +
      (state.reps ? ": " + state.reps + " repetitions" : "") +
      (state.hold ? (state.reps ? ", " : ": ") + "hold " + state.hold + " seconds" : "");
    var count = part(state, "count");
    if (count) count.textContent = String(state.count);
  }

  function setButtons(state, working) {
    ["tap", "tempo", "hold", "undo", "set-done"].forEach(function (name) {
      var button = part(state, name);
      if (button) button.hidden = !working;
    });
  }

  function openStep(index) {
    stopTimer();
    if (current >= 0) {
      steps[current].classList.remove("is-current");
      steps[current].querySelectorAll("video").forEach(function (video) { video.pause(); });
    }
    current = index;
    var state = states[index];
    state.reached = true;
    state.el.classList.add("is-current");
    part(state, "work").hidden = false;
    part(state, "pain").hidden = true;
    setButtons(state, true);
    part(state, "skip-rest").hidden = true;
    part(state, "work").querySelector("[data-guided-next]").hidden = true;
    var last = index === states.length - 1;
    state.el.querySelectorAll("[data-guided-next]").forEach(function (button) {
      button.textContent = last ? "Finish: check and save" : "Next exercise";
    });
    showWork(state);
    var title = state.el.querySelector("h2");
    title.setAttribute("tabindex", "-1");
    window.scrollTo(0, 0);
    title.focus({ preventScroll: true });
    say(state.name + ". " + state.dose + ".");
  }

  function countOne(state) {
    state.count += 1;
    showWork(state);
    if (state.reps && state.count >= state.reps) {
      finishSet(state);
    } else {
      speakOnly(String(state.count));
    }
  }

  function finishSet(state) {
    stopTimer();
    var value = state.reps ? (state.count || state.reps) : 1;
    state.completed.push(value);
    if (state.set >= state.sets) {
      setButtons(state, false);
      part(state, "work").querySelector("[data-guided-next]").hidden = false;
      say("Well done: " + state.name + " is done.");
      return;
    }
    setButtons(state, false);
    if (state.rest > 0) {
      part(state, "skip-rest").hidden = false;
      say("Set " + state.set + " done. Rest for " + state.rest + " seconds.");
      countdown(state, state.rest, "Rest", nextSet.bind(null, state));
    } else {
      nextSet(state);
    }
  }

  function nextSet(state) {
    stopTimer();
    part(state, "timer").hidden = true;
    part(state, "skip-rest").hidden = true;
    state.set += 1;
    state.count = 0;
    setButtons(state, true);
    showWork(state);
    say("Set " + state.set + " of " + state.sets + ".");
  }

  function startHold(state) {
    var button = part(state, "hold");
    button.disabled = true;
    say("Hold.");
    countdown(state, state.hold, "Hold", function () {
      button.disabled = false;
      if (state.reps) {
        state.count += 1;
        showWork(state);
        if (state.count >= state.reps) {
          finishSet(state);
        } else {
          say("Relax. " + state.count + " of " + state.reps + ".");
        }
      } else {
        say("Hold done.");
        finishSet(state);
      }
    });
  }

  function toggleTempo(state) {
    var button = part(state, "tempo");
    if (timer && timer.kind === "tempo") {
      stopTimer();
      return;
    }
    stopTimer();
    button.setAttribute("aria-pressed", "true");
    button.classList.add("active");
    timer = {
      id: setInterval(function () { countOne(state); }, state.repSeconds * 1000),
      kind: "tempo",
    };
    say("Counting one every " + state.repSeconds + " seconds.");
  }

  function zoneOf(pain) {
    if (pain <= painSafeMax) return "safe";
    if (pain <= painAcceptableMax) return "acceptable";
    return "too_much";
  }

  function hurts(state) {
    stopTimer();
    part(state, "timer").hidden = true;
    part(state, "work").hidden = true;
    var panel = part(state, "pain");
    panel.hidden = false;
    panel.querySelector("h3").setAttribute("tabindex", "-1");
    panel.querySelector("h3").focus();
    say("Stopped. How much does it hurt, from 0 to 10?");
  }

  function choosePain(state, value) {
    state.pain = value;
    var panel = part(state, "pain");
    panel.querySelectorAll("[data-guided-pain-value]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(Number(button.dataset.guidedPainValue) === value));
    });
    var zone = zoneOf(value);
    panel.querySelectorAll("[data-guided-advice]").forEach(function (advice) {
      advice.hidden = advice.dataset.guidedAdvice !== zone;
    });
    if (zone === "too_much") {
      say("Stop this exercise and rest. Pain above " + painAcceptableMax + " out of 10 is too much.");
    } else if (zone === "acceptable") {
      say("Pain of " + (painSafeMax + 1) + " to " + painAcceptableMax + " is acceptable if it settles by the next morning.");
    } else {
      say("Pain " + value + ".");
    }
  }

  function goNext() {
    if (current < states.length - 1) {
      openStep(current + 1);
    } else {
      summary(true);
    }
  }

  // --- the summary: the log fields, filled in from the counters -------------------------
  function field(state, name) {
    return form.querySelector("[name='" + state.prefix + "-" + name + "']" +
      (name === "done" ? "" : ":not([type=radio])"));
  }

  function setValue(state, name, value) {
    var input = field(state, name);
    if (!input) return;
    input.value = value === null ? "" : String(value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function fill(state) {
    var sets = state.completed.length;
    var reps = null;
    if (sets) {
      var total = state.completed.reduce(function (a, b) { return a + b; }, 0);
      reps = state.reps ? Math.round(total / sets) : null;
    } else if (state.count > 0) {
      sets = 1; // a set begun and stopped part-way
      reps = state.reps ? state.count : null;
    }
    // Skipped, or not reached before the session ended: not done (the client can change it).
    var done = state.reached && !state.skipped && sets > 0;
    form.querySelectorAll("input[type=radio][name='" + state.prefix + "-done']").forEach(function (radio) {
      radio.checked = radio.value === (done ? "yes" : "no");
    });
    setValue(state, "sets_done", done ? sets : null);
    setValue(state, "reps_done", done ? reps : null);
    if (state.pain !== null) setValue(state, "pain", state.pain);
  }

  function summary(fromPlay) {
    stopTimer();
    releaseScreen();
    if (current >= 0) {
      steps[current].classList.remove("is-current");
      steps[current].querySelectorAll("video").forEach(function (video) { video.pause(); });
    }
    if (fromPlay) states.forEach(fill);
    form.dataset.mode = "summary";
    window.scrollTo(0, 0);
    var title = form.querySelector("h2.guided-summary-title");
    title.setAttribute("tabindex", "-1");
    title.focus({ preventScroll: true });
    say("Check what you did, then save.");
  }

  // --- wiring ----------------------------------------------------------------------------
  form.querySelector("[data-guided-start]").addEventListener("click", function () {
    form.querySelector("[data-guided-played]").value = "1";
    form.dataset.mode = "play";
    holdScreen();
    openStep(0);
  });

  form.querySelector("[data-guided-end]").addEventListener("click", function () {
    summary(true);
  });

  states.forEach(function (state) {
    function on(name, handler) {
      state.el.querySelectorAll("[data-guided-" + name + "]").forEach(function (el) {
        el.addEventListener("click", handler);
      });
    }
    on("tap", function () {
      if (timer && timer.kind === "tempo") stopTimer();
      countOne(state);
    });
    on("undo", function () {
      if (state.count > 0) state.count -= 1;
      showWork(state);
    });
    on("hold", function () { startHold(state); });
    on("tempo", function () { toggleTempo(state); });
    on("set-done", function () { finishSet(state); });
    on("skip-rest", function () { nextSet(state); });
    on("skip", function () {
      stopTimer();
      state.skipped = true;
      say("Skipped " + state.name + ".");
      goNext();
    });
    on("hurts", function () { hurts(state); });
    on("next", goNext);
    state.el.querySelectorAll("[data-guided-pain-value]").forEach(function (button) {
      button.addEventListener("click", function () {
        choosePain(state, Number(button.dataset.guidedPainValue));
      });
    });
  });

  form.dataset.mode = form.dataset.start === "summary" ? "summary" : "intro";
})();
