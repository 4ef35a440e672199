// Live updates: ask the room every few seconds whether the lab changed; reload a page that has nothing
// typed in it, or say so above a form that has. Everything works without this script.
(function () {
  "use strict";
  var body = document.body;
  if (body.getAttribute("data-bergabung") !== "1") { return; }
  var seen = body.getAttribute("data-versi");
  var dirty = false;
  document.addEventListener("input", function () { dirty = true; });
  document.addEventListener("submit", function () { dirty = false; window.onbeforeunload = null; });
  window.onbeforeunload = function () { return dirty ? "" : undefined; };
  var ticks = 0;
  function poll() {
    ticks += 1;
    if (ticks > 2400) { return; }  // about two hours of a page left open: then it stops asking
    var req = new XMLHttpRequest();
    req.open("GET", "/api/keadaan");
    req.timeout = 4000;
    req.onload = function () {
      if (req.status === 401) { window.location.href = "/"; return; }
      if (req.status !== 200) { return; }
      var state;
      try { state = JSON.parse(req.responseText); } catch (e) { return; }
      if (String(state.versi) !== seen) {
        if (dirty || document.querySelector("form.edit")) {
          document.getElementById("perubahan").hidden = false;
        } else {
          window.location.reload();
        }
      }
    };
    req.send();
  }
  window.setInterval(poll, 3000);
})();
