// htmlform: progressive enhancement of forms rendered by motcua's
// forms/htmlform. Without this script every form works by round trips; with
// it, a change of an answer asks the server which questions are hidden
// (the same action, _action=visibility, files left out) and shows or hides
// them at once, so the conditions are evaluated by the server only.
(function () {
  "use strict";
  function enhance(form) {
    var refresh = form.querySelector("[data-htmlform-refresh]");
    if (refresh) { refresh.hidden = true; }
    var timer = null, seq = 0;
    function update() {
      var body = new FormData(form), names = [];
      body.forEach(function (v, k) { if (typeof v !== "string") { names.push(k); } });
      names.forEach(function (k) { body.delete(k); });
      body.delete("_action");
      body.append("_action", "visibility");
      var mine = ++seq;
      fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (res) {
          if (!res || mine !== seq || !Array.isArray(res.hidden)) { return; }
          var hidden = {};
          res.hidden.forEach(function (p) { hidden[p] = true; });
          form.querySelectorAll("[data-htmlform-conditional]").forEach(function (el) {
            el.hidden = hidden[el.getAttribute("data-htmlform-path")] === true;
          });
        })
        .catch(function () { if (refresh) { refresh.hidden = false; } });
    }
    form.addEventListener("change", function (e) {
      if (e.target && e.target.type === "file") { return; }
      clearTimeout(timer);
      timer = setTimeout(update, 60);
    });
  }
  document.querySelectorAll("form[data-htmlform]").forEach(enhance);
})();
