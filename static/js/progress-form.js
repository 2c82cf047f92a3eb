// "Laporkan kemajuan": list the chosen files and refuse oversized ones before the upload starts.
// The server checks everything again; this only saves a long wait on a slow connection.
(function () {
  "use strict";
  var form = document.getElementById("progress-form");
  if (!form) { return; }
  var maxBytes = parseInt(form.dataset.maxBytes, 10);
  var maxTotal = parseInt(form.dataset.maxTotal, 10);
  var list = document.getElementById("file-list");
  var inputs = form.querySelectorAll("input.file-input");

  function chosen() {
    var files = [];
    inputs.forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) { files.push(file); });
    });
    return files;
  }

  function megabytes(bytes) {
    var lang = document.documentElement.lang || "id";
    if (bytes < 1048576) {  // a small photo should not read "0 MB"
      return Math.max(1, Math.round(bytes / 1024)).toLocaleString(lang) + " KB";
    }
    return (bytes / 1048576).toLocaleString(lang, { maximumFractionDigits: 1 }) + " MB";
  }

  function refresh() {
    var files = chosen();
    var total = 0;
    var problems = 0;
    list.textContent = "";
    files.forEach(function (file) {
      total += file.size;
      var item = document.createElement("li");
      item.textContent = file.name + " (" + megabytes(file.size) + ")";
      if (file.size > maxBytes) {
        item.textContent += " — " + form.dataset.tooBig;
        item.className = "text-danger";
        problems += 1;
      }
      list.appendChild(item);
    });
    if (total > maxTotal) {
      var warning = document.createElement("li");
      warning.className = "text-danger";
      warning.textContent = form.dataset.totalTooBig;
      list.appendChild(warning);
      problems += 1;
    }
    return problems === 0;
  }

  inputs.forEach(function (input) { input.addEventListener("change", refresh); });
  form.addEventListener("submit", function (event) {
    if (!refresh()) {
      event.preventDefault();
      list.scrollIntoView({ block: "center" });
    }
  });
})();
