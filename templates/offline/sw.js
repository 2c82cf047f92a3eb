// Sinergi service worker, release {{ release }}. Hand-written; served from /sw.js so its scope is the site.
// Pages: network first (a page is never older than the server's while online), the kept copy
// when there is no connection. Static files: from the release's cache. Reports waiting in
// IndexedDB are sent by send.js on a Background Sync event, or when a page asks.
"use strict";
var RELEASE = {{ release|tojson }};
var SHELL = "sinergi-shell-" + RELEASE;
var PAGES = "sinergi-pages-" + RELEASE;
var SHELL_URLS = {{ shell|tojson }};
var FALLBACK = {{ fallback|tojson }};
var NETWORK_ONLY = ["/api/", "/offline/state", "/sw.js", "/logout", "/login"];
importScripts.apply(self, {{ imports|tojson }});

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    return cache.addAll(SHELL_URLS);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  // A new release drops every cache of the old one, pages included: nothing stale survives.
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("sinergi-") === 0 && name !== SHELL && name !== PAGES;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }).then(function () {
    return self.clients.matchAll().then(function (clients) {
      clients.forEach(function (client) { client.postMessage({ type: "release", release: RELEASE }); });
    });
  }));
});

function networkOnly(url) {
  return NETWORK_ONLY.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; });
}

function page(request) {
  return fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { cache.put(request.url, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request.url, { cacheName: PAGES, ignoreVary: true }).then(function (kept) {
      return kept || caches.match(FALLBACK, { cacheName: SHELL, ignoreVary: true }).then(function (fallback) {
        return fallback || Response.error();
      });
    });
  });
}

function asset(request) {
  return caches.match(request, { cacheName: SHELL, ignoreVary: true }).then(function (kept) {
    return kept || fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        caches.open(SHELL).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || networkOnly(url)) { return; }
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/bootstrap/static/") === 0 ||
             url.pathname === "/manifest.webmanifest") {
    event.respondWith(asset(request));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag !== "sinergi-send") { return; }
  event.waitUntil(self.SinergiSend.flush().then(function (results) {
    var left = Object.keys(results || {}).some(function (key) {
      return results[key] && results[key].outcome === "waiting";
    });
    // Rejecting asks the browser to try again later, with its own back-off.
    if (!results || results.offline || left) { throw new Error("reports still waiting"); }
  }));
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "flush") { event.waitUntil(self.SinergiSend.flush()); }
});
