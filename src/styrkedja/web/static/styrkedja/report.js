// Rapport: say that a document is being made while the server works, and when its download has started.
// The download is an ordinary form submission (the page works without this script); the server answers
// with a cookie naming the token this script sent, which is how the page learns the file is on its way.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  var status = document.getElementById("r-progress");
  if (!form || !status) { return; }
  var bar = document.getElementById("r-progress-bar");
  var clock = document.getElementById("r-progress-seconds");
  var token = form.querySelector("input[name=progress]");
  var busy = false;

  function ready(value) {
    return document.cookie.split("; ").indexOf("report_ready=" + value) !== -1;
  }

  function finish(text) {
    busy = false;
    form.removeAttribute("aria-busy");
    bar.hidden = true;
    clock.textContent = "";
    status.textContent = text;
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (busy) { event.preventDefault(); return; }
    if (!button || button.name !== "format") { return; }
    busy = true;
    var kind = button.getAttribute("data-label");
    var value = String(Date.now()) + String(Math.floor(Math.random() * 1e6));
    token.value = value;
    form.setAttribute("aria-busy", "true");
    status.textContent = status.getAttribute("data-making").replace("{format}", kind);
    bar.hidden = false;
    var started = Date.now();
    var timer = window.setInterval(function () {
      var seconds = Math.round((Date.now() - started) / 1000);
      clock.textContent = status.getAttribute("data-seconds").replace("{seconds}", seconds);
      if (ready(value)) {
        window.clearInterval(timer);
        finish(status.getAttribute("data-ready").replace("{format}", kind));
      } else if (seconds > 600) {
        window.clearInterval(timer);
        finish("");
      }
    }, 250);
  });
})();
