// The installable app on every page: registers the service worker, sends waiting reports when
// the connection returns, shows "Menunggu dikirim (N)", keeps the officer's pages on the phone,
// and warns before logging out while reports wait. Pages work the same without it.
(function () {
  "use strict";
  var holder = document.getElementById("offline-data");
  var data = holder ? JSON.parse(holder.dataset.json) : null;
  var KEEP_EVERY_MS = 60 * 60 * 1000;

  function say(name, values) {
    var text = (data && data.strings[name]) || name;
    Object.keys(values || {}).forEach(function (key) { text = text.split("%(" + key + ")s").join(values[key]); });
    return text;
  }

  function mine() { return data ? SinergiStore.of(data.user_id) : Promise.resolve([]); }

  function day(iso) {
    var date = new Date((iso || "") + "T00:00:00");
    if (isNaN(date.getTime())) { return iso || ""; }
    return date.toLocaleDateString(document.documentElement.lang || "id", { day: "numeric", month: "long", year: "numeric" });
  }

  function itemFor(report, withProgramme) {
    var item = document.createElement("li");
    item.className = "border-top pt-2 mt-2 offline-report";
    item.dataset.key = report.key;
    var head = document.createElement("div");
    head.className = "d-flex justify-content-between flex-wrap gap-2";
    var when = document.createElement("strong");
    when.textContent = day(report.summary.reported_on);
    var amount = document.createElement("span");
    amount.textContent = [report.summary.quantity, report.summary.unit].filter(Boolean).join(" ");
    head.append(when, amount);
    if (withProgramme) {
      var programme = document.createElement("div");
      programme.className = "small text-muted";
      programme.textContent = report.programme_name;
      item.appendChild(programme);
    }
    var text = document.createElement("div");
    text.className = "entry-text";
    text.textContent = report.summary.description || "";
    var status = document.createElement("div");
    status.className = "small " + (report.status === "refused" ? "text-danger" : "text-muted");
    var files = (report.files || []).length ? " · " + say("files", { count: report.files.length }) : "";
    status.textContent = (report.status === "refused"
      ? say("refused", { message: report.message || say("refused_generic", { status: report.http_status || "?" }) })
      : say("waiting")) + files;
    var actions = document.createElement("div");
    actions.className = "d-flex gap-2 mt-1";
    var edit = document.createElement("a");
    edit.className = "btn btn-sm btn-outline-primary";
    edit.href = report.action + "#menunggu=" + encodeURIComponent(report.key);  // a fragment: the kept page still matches
    edit.textContent = say("edit");
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn btn-sm btn-outline-danger";
    remove.textContent = say("delete");
    remove.addEventListener("click", function () {
      if (window.confirm(say("confirm_delete"))) { SinergiStore.remove(report.key).then(refresh); }
    });
    actions.append(edit, remove);
    item.append(head, text, status, actions);
    return item;
  }

  function render(reports) {
    var count = reports.length;
    document.querySelectorAll("#offline-nav").forEach(function (nav) {
      nav.hidden = count === 0;
      nav.querySelector("[data-offline-count]").textContent = say("count", { count: count });
    });
    document.querySelectorAll("[data-offline-list]").forEach(function (box) {
      var programme = box.dataset.programme;
      var shown = reports.filter(function (r) { return !programme || String(r.programme_id) === programme; });
      var list = box.querySelector("ul");
      list.textContent = "";
      shown.forEach(function (r) { list.appendChild(itemFor(r, !programme)); });
      var title = box.querySelector("[data-offline-title]");
      if (title) { title.textContent = say("count", { count: shown.length }); }
      if ("all" in box.dataset) {
        box.hidden = false;
        if (!shown.length) { var none = document.createElement("li"); none.textContent = say("none"); list.appendChild(none); }
      } else {
        box.hidden = shown.length === 0;
      }
    });
  }

  function refresh() { return mine().then(render); }

  function forget() {
    // Another account's pages must not open on this phone: drop every kept page.
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf("sinergi-pages-") === 0; })
        .map(function (n) { return caches.delete(n); }));
    });
  }

  function keepPages(state) {
    var stamp = "sinergi-kept:" + state.user_id + ":" + state.release;
    if (!window.caches || !state.pages || Date.now() - Number(localStorage.getItem(stamp) || 0) < KEEP_EVERY_MS) { return; }
    caches.open("sinergi-pages-" + state.release).then(function (cache) {
      return state.pages.reduce(function (done, url) {
        return done.then(function () {
          return fetch(url, { credentials: "same-origin" }).then(function (response) {
            if (response.ok && !response.redirected) { return cache.put(url, response); }
          });
        });
      }, Promise.resolve());
    }).then(function () { localStorage.setItem(stamp, String(Date.now())); }).catch(function () {});
  }

  function sendNow() {
    return SinergiSend.flush().then(function (result) {
      if (result && !result.offline && !result.signed_out && navigator.onLine) {
        return SinergiSend.state().then(function (state) {
          if (localStorage.getItem("sinergi-user") !== String(state.user_id)) { forget(); }
          localStorage.setItem("sinergi-user", String(state.user_id));
          if (state.user_id) { keepPages(state); }
        });
      }
    }).catch(function () {}).then(refresh);
  }

  function warnOnLogout() {
    document.querySelectorAll("form[action$='/logout']").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        mine().then(function (reports) {
          if (reports.length && !window.confirm(say("logout", { count: reports.length }))) { return; }
          localStorage.removeItem("sinergi-user");
          return (window.caches ? forget() : Promise.resolve()).then(function () { form.submit(); });
        });
      });
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "queue") { refresh(); }
    });
  }
  if (window.BroadcastChannel) { new BroadcastChannel("sinergi-offline").onmessage = refresh; }
  window.addEventListener("sinergi:queue", refresh);
  window.addEventListener("online", sendNow);
  var button = document.getElementById("offline-send-now");
  if (button) { button.addEventListener("click", sendNow); }
  if (window.indexedDB && data) {
    warnOnLogout();
    refresh().then(sendNow);
  }
  window.SinergiApp = { refresh: refresh, say: say, data: data, sendNow: sendNow };
})();
