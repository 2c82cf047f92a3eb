// Exactly once, in the browser: going back to a form already sent brings back the key it was sent
// with, so sending again leads to the record already stored instead of a second one. A kept
// (offline) copy of a form whose key was used gets a fresh key: that is a new report.
(function () {
  "use strict";
  var USED = "sinergi-used-keys";
  var navigation = (performance.getEntriesByType && performance.getEntriesByType("navigation")[0]) || {};
  var back = navigation.type === "back_forward";

  function used() {
    try { return JSON.parse(localStorage.getItem(USED) || "[]"); } catch (error) { return []; }
  }

  function fresh() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID().replace(/-/g, ""); }
    var bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function remember(key) {
    var keys = used().filter(function (k) { return k !== key; });
    keys.push(key);
    localStorage.setItem(USED, JSON.stringify(keys.slice(-200)));
  }

  function slot(form) { return "sinergi-sent:" + location.pathname + ">" + (form.getAttribute("action") || ""); }

  document.querySelectorAll("form").forEach(function (form) {
    var input = form.querySelector("input[name=submission_key]");
    if (!input) { return; }
    var sent = sessionStorage.getItem(slot(form));
    if (back && sent) {
      input.value = sent;
    } else if (used().indexOf(input.value) !== -1) {
      input.value = fresh();
    }
    form.addEventListener("submit", function () {
      sessionStorage.setItem(slot(form), input.value);
      remember(input.value);
    });
  });
  window.SinergiOnce = { fresh: fresh, remember: remember };
})();
