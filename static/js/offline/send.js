// Sending waiting reports: one at a time, each with its submission key, so a resend never stores
// a second entry. Used by the pages (online event, page load, "Kirim sekarang") and by the
// service worker (Background Sync). Only the signed-in account's reports are sent.
(function (scope) {
  "use strict";
  var running = null;
  var channel = scope.BroadcastChannel ? new scope.BroadcastChannel("sinergi-offline") : null;

  function announce() {
    if (channel) { channel.postMessage({ type: "queue" }); }
    if (scope.document) { scope.dispatchEvent(new Event("sinergi:queue")); }
  }

  function state() {
    return fetch("/offline/state", { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok) { throw new Error("state " + response.status); }
      return response.json();
    });
  }

  function body(report, token) {
    var data = new FormData();
    (report.fields || []).forEach(function (pair) { data.append(pair[0], pair[1]); });
    (report.files || []).forEach(function (file) { data.append("files", file.blob, file.name); });
    data.append("csrf_token", token);
    data.append("submission_key", report.key);
    return data;
  }

  function heading(html) {
    var match = /<h1[^>]*>([^<]+)<\/h1>\s*<p class="lead">([^<]+)<\/p>/.exec(html || "");
    return match ? (match[1].trim() + ". " + match[2].trim()) : null;
  }

  function refuse(report, message, status) {
    report.status = "refused";
    report.message = message || null;
    report.http_status = status || null;
    report.refused_at = new Date().toISOString();
    return scope.SinergiStore.put(report).then(function () {
      return { outcome: "refused", message: report.message, errors: report.errors };
    });
  }

  function answer(report, response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") !== -1) {
      return response.json().then(function (reply) {
        if (reply.busy) { return { outcome: "waiting" }; }  // the same report is being stored right now
        if (reply.ok) {
          return scope.SinergiStore.remove(report.key).then(function () { return { outcome: "sent", url: reply.url }; });
        }
        report.errors = reply.errors || {};
        return refuse(report, reply.message, response.status);
      });
    }
    if (response.status >= 500 || response.status === 429 || new URL(response.url).pathname === "/login") {
      return { outcome: "waiting" };  // the server's trouble or a lapsed session: try again later
    }
    return response.text().then(function (html) { return refuse(report, heading(html), response.status); });
  }

  /** Send one report now with this account's token; resolves to {outcome: sent|refused|waiting}. */
  function sendOne(report, current) {
    if (String(report.user_id) !== String(current.user_id)) { return Promise.resolve({ outcome: "other" }); }
    return fetch(report.action, {
      method: "POST", body: body(report, current.csrf_token), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) { return answer(report, response); }, function () { return { outcome: "waiting" }; });
  }

  function sendAll(current, reports, results) {
    var next = reports.shift();
    if (!next) { return Promise.resolve(results); }
    return sendOne(next, current).then(function (result) {
      results[next.key] = result;
      if (result.outcome === "waiting") { return results; }  // no connection: keep the rest for later
      return sendAll(current, reports, results);
    });
  }

  /** Send every waiting report of the signed-in account; {keys: results} or {offline: true}. */
  function flush() {
    // One sender at a time across the pages and the worker (a resend would still store once).
    if (scope.navigator.locks) {
      return scope.navigator.locks.request("sinergi-send", function () { return flushHere(); });
    }
    return flushHere();
  }

  function flushHere() {
    if (running) { return running; }
    running = state().then(function (current) {
      if (!current.user_id) { return { signed_out: true }; }
      return scope.SinergiStore.of(current.user_id).then(function (reports) {
        var waiting = reports.filter(function (r) { return r.status === "waiting"; });
        return sendAll(current, waiting, {});
      });
    }, function () { return { offline: true }; }).then(function (results) {
      running = null;
      announce();
      return results;
    }, function (error) { running = null; throw error; });
    return running;
  }

  scope.SinergiSend = { flush: flush, sendOne: sendOne, state: state, announce: announce };
})(self);
