// Loaded (not deferred) in <head>, before the page paints: scripts run, so the
// collapsible menu works and the no-JavaScript fallback (an expanded menu) is dropped.
document.documentElement.classList.remove("no-js");
