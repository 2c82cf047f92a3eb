// "Laporkan kemajuan" with or without a signal: photos made light, the report kept on the phone
// (IndexedDB) with its submission key, sent at once when possible, else when the signal returns.
// A report the server refuses while the form is open goes through the normal form post, so the
// page shows the server's messages as without this script.
(function () {
  "use strict";
  var form = document.getElementById("progress-form");
  var marker = document.getElementById("offline-form");
  var app = window.SinergiApp;
  if (!form || !marker || !app || !app.data || !window.indexedDB || !window.fetch || !window.SinergiPhotos) { return; }
  var say = app.say;
  var fileInputs = form.querySelectorAll("input[type=file][name=files]");
  var keyInput = form.querySelector("input[name=submission_key]");
  var prepared = new Map();  // File -> Promise of the light version
  var kept = [];  // photos of a waiting report being edited
  var editing = null;
  var SKIP = ["csrf_token", "submission_key", "files"];

  function chosen() {
    var files = [];
    fileInputs.forEach(function (input) { Array.prototype.forEach.call(input.files || [], function (f) { files.push(f); }); });
    return files;
  }

  function light(file) {
    if (!prepared.has(file)) { prepared.set(file, SinergiPhotos.prepare(file)); }
    return prepared.get(file);
  }

  function showSizes() {
    var list = document.getElementById("offline-sizes");
    return Promise.all(chosen().map(light)).then(function (files) {
      list.textContent = "";
      files.forEach(function (f) {
        var item = document.createElement("li");
        var values = { name: f.name, original: SinergiPhotos.size(f.original_size), sent: SinergiPhotos.size(f.size) };
        item.textContent = say(f.size < f.original_size ? "photo_size" : "photo_same", values);
        list.appendChild(item);
      });
      return files;
    });
  }

  function showKept() {
    var list = document.getElementById("offline-kept");
    list.textContent = "";
    kept.forEach(function (f, index) {
      var item = document.createElement("li");
      item.textContent = say("kept_photo", { name: f.name, size: SinergiPhotos.size(f.size) }) + " ";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn btn-link btn-sm p-0";
      remove.textContent = say("remove_photo");
      remove.addEventListener("click", function () { kept.splice(index, 1); showKept(); });
      item.appendChild(remove);
      list.appendChild(item);
    });
  }

  function fields() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (SKIP.indexOf(name) === -1 && typeof value === "string") { pairs.push([name, value]); }
    });
    return pairs;
  }

  function report(files) {
    var pairs = fields();
    var value = function (name) { var p = pairs.find(function (x) { return x[0] === name; }); return p ? p[1] : ""; };
    return {
      key: keyInput.value, user_id: app.data.user_id, programme_id: marker.dataset.programme,
      programme_name: marker.dataset.programmeName, action: location.pathname, fields: pairs,
      summary: { reported_on: value("reported_on"), description: value("description"), quantity: value("quantity"),
                 unit: marker.dataset.unit },
      files: kept.concat(files), status: "waiting", message: null,
      created_at: editing ? editing.created_at : new Date().toISOString()
    };
  }

  function nativeSubmit(files) {
    // Let the server render its refusal on the page: the same form, with the light photos in it.
    if (window.DataTransfer) {
      var transfer = new DataTransfer();
      files.forEach(function (f) { transfer.items.add(new File([f.blob], f.name, { type: f.type })); });
      fileInputs.forEach(function (input, i) { input.files = i === 0 ? transfer.files : new DataTransfer().files; });
    }
    form.dataset.native = "1";
    form.requestSubmit ? form.requestSubmit() : form.submit();
  }

  function keptOffline() {
    var notice = document.createElement("div");
    notice.className = "alert alert-warning";
    notice.setAttribute("role", "status");
    notice.textContent = say("saved_offline");
    form.parentNode.insertBefore(notice, form);
    form.reset();
    kept = [];
    editing = null;
    prepared = new Map();
    showKept();
    document.getElementById("offline-sizes").textContent = "";
    document.getElementById("offline-editing").hidden = true;
    keyInput.value = SinergiOnce.fresh();
    history.replaceState(null, "", location.pathname);
    notice.scrollIntoView({ block: "center" });
  }

  function askForSync() {
    if (!navigator.serviceWorker) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) { return registration.sync.register("sinergi-send"); }
    }).catch(function () {});
  }

  function send(files) {
    var entry = report(files);
    return SinergiStore.put(entry).then(function () {
      SinergiSend.announce();
      return SinergiSend.flush();
    }).then(function (results) {
      return SinergiStore.get(entry.key).then(function (still) {
        // Gone from the phone without a result here: another page or the worker sent it meanwhile.
        return (results || {})[entry.key] || (still ? { outcome: "waiting" } : { outcome: "sent", url: marker.dataset.programmeUrl });
      });
    }).then(function (result) {
      if (result.outcome === "sent") { location.href = result.url; return; }
      if (result.outcome === "refused" && navigator.onLine) {
        return SinergiStore.remove(entry.key).then(function () { SinergiSend.announce(); nativeSubmit(entry.files); });
      }
      askForSync();  // the browser sends it even if this page is closed, where it can
      keptOffline();
    });
  }

  function submitted(event) {
    if (form.dataset.native === "1" || event.defaultPrevented) { return; }
    event.preventDefault();
    var button = form.querySelector("[type=submit]");
    if (button) { button.disabled = true; }
    showSizes().then(send).catch(function () { nativeSubmit([]); }).then(function () {
      if (button) { button.disabled = false; }
    });
  }

  function locate() {
    var status = document.getElementById("position-status");
    status.textContent = say("locating");
    navigator.geolocation.getCurrentPosition(function (position) {
      var c = position.coords;
      form.elements.latitude.value = c.latitude.toFixed(6);
      form.elements.longitude.value = c.longitude.toFixed(6);
      form.elements.accuracy.value = Math.round(c.accuracy);
      status.textContent = say("located", { lat: c.latitude.toFixed(5), lon: c.longitude.toFixed(5), acc: Math.round(c.accuracy) });
      document.getElementById("position-clear").hidden = false;
    }, function (error) {
      status.textContent = say("no_position", { error: error.message });
    }, { enableHighAccuracy: true, timeout: 30000, maximumAge: 60000 });
  }

  function clearPosition() {
    ["latitude", "longitude", "accuracy"].forEach(function (name) { form.elements[name].value = ""; });
    document.getElementById("position-status").textContent = "";
    document.getElementById("position-clear").hidden = true;
  }

  function openWaiting(key) {
    return SinergiStore.get(key).then(function (saved) {
      if (!saved || String(saved.user_id) !== String(app.data.user_id)) { return; }
      editing = saved;
      keyInput.value = saved.key;
      saved.fields.forEach(function (pair) {
        var field = form.elements[pair[0]];
        if (field && field.type === "checkbox") { field.checked = true; } else if (field && field.type !== "file") { field.value = pair[1]; }
      });
      kept = (saved.files || []).slice();
      showKept();
      var note = document.getElementById("offline-editing");
      note.textContent = say("editing") + (saved.status === "refused" && saved.message ? " " + say("refused", { message: saved.message }) : "");
      note.hidden = false;
    });
  }

  fileInputs.forEach(function (input) { input.addEventListener("change", showSizes); });
  document.getElementById("send-original").addEventListener("change", function (event) {
    SinergiPhotos.enabled = !event.target.checked;
    prepared = new Map();
    showSizes();
  });
  document.getElementById("original-box").hidden = false;
  if (navigator.geolocation) {
    document.getElementById("position-box").hidden = false;
    document.getElementById("position-button").addEventListener("click", locate);
    document.getElementById("position-clear").addEventListener("click", clearPosition);
  }
  form.addEventListener("submit", submitted);
  var waitingKey = new URLSearchParams(location.hash.slice(1)).get("menunggu");
  if (waitingKey) { openWaiting(waitingKey); }
  window.addEventListener("hashchange", function () {
    var key = new URLSearchParams(location.hash.slice(1)).get("menunggu");
    if (key) { openWaiting(key); }
  });
})();
