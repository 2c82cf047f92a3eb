// Reports waiting on this phone (IndexedDB "sinergi-offline", store "reports", one per submission key).
// Shared by the pages and the service worker, so it touches no DOM. Survives a service-worker update:
// the database belongs to the site, not to a release.
(function (scope) {
  "use strict";
  var NAME = "sinergi-offline";
  var STORE = "reports";
  var opened = null;

  function open() {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        var request = scope.indexedDB.open(NAME, 1);
        request.onupgradeneeded = function () {
          var store = request.result.createObjectStore(STORE, { keyPath: "key" });
          store.createIndex("user_id", "user_id");
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { opened = null; reject(request.error); };
      });
    }
    return opened;
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  scope.SinergiStore = {
    all: function () { return run("readonly", function (store) { return store.getAll(); }); },
    get: function (key) { return run("readonly", function (store) { return store.get(key); }); },
    put: function (report) { return run("readwrite", function (store) { store.put(report); }); },
    remove: function (key) { return run("readwrite", function (store) { store.delete(key); }); },
    /** The reports of one account, oldest first; another account's are never listed or sent. */
    of: function (userId) {
      return this.all().then(function (reports) {
        return (reports || []).filter(function (r) { return String(r.user_id) === String(userId); })
          .sort(function (a, b) { return a.created_at < b.created_at ? -1 : 1; });
      });
    }
  };
})(self);
