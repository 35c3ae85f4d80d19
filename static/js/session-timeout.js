// Officials' idle-timeout warning. The server logs an idle session out on its own
// (OfficialSessionTimeoutMiddleware); this only warns before it happens and lets the person
// continue. Settings come from data- attributes (no inline script: the CSP forbids it).
(function () {
  "use strict";
  var root = document.getElementById("session-timeout");
  if (!root) return;
  var idleMs = Number(root.dataset.idleSeconds) * 1000;
  var warnMs = Number(root.dataset.warningSeconds) * 1000;
  var remaining = root.querySelector("[data-session-remaining]");
  var button = root.querySelector("[data-session-continue]");
  var form = button.form;
  // The server decides in whole seconds; go to the login page just after it has certainly expired.
  var GRACE_MS = 2000;
  var deadline = 0;
  var timer = null;
  var returnFocus = null;

  function format(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var minutes = Math.floor(total / 60);
    var seconds = total % 60;
    return minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  function hide() {
    if (root.hidden) return;
    root.hidden = true;
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  }

  function show() {
    if (!root.hidden) return;
    returnFocus = document.activeElement;
    root.hidden = false;
    button.focus();
  }

  function tick() {
    var left = deadline - Date.now();
    if (left <= -GRACE_MS) {
      window.location.assign(root.dataset.loginUrl);
      return;
    }
    if (left <= warnMs) {
      remaining.textContent = format(left);
      show();
    }
    timer = window.setTimeout(tick, left <= warnMs ? 500 : Math.min(left - warnMs, 60000));
  }

  function restart(remainingMs) {
    window.clearTimeout(timer);
    deadline = Date.now() + remainingMs;
    hide();
    tick();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    fetch(root.dataset.keepaliveUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) throw new Error("keepalive " + response.status);
      restart(idleMs);
    }).catch(function () {
      window.location.assign(root.dataset.loginUrl);
    }).finally(function () {
      button.disabled = false;
    });
  });

  // Keep keyboard focus inside the dialog while it is open; Escape also continues.
  root.addEventListener("keydown", function (event) {
    if (event.key === "Tab") {
      event.preventDefault();
      button.focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // The server's count started at the last stored activity, which may be before this page loaded.
  restart(Number(root.dataset.remainingSeconds) * 1000);
})();
