// Agreement form, enhanced: add and remove field rows in place, refresh agency choices when a
// party changes. Without this file the same buttons work by re-rendering on the server.
(function () {
  "use strict";
  var form = document.getElementById("agreement-form");
  if (!form) { return; }
  var container = form.querySelector(".js-field-rows");

  function nextIndex() {
    var max = -1;
    form.querySelectorAll(".js-field-row [name^='fields-']").forEach(function (el) {
      var match = /^fields-(\d+)-/.exec(el.name);
      if (match) { max = Math.max(max, parseInt(match[1], 10)); }
    });
    return max + 1;
  }

  function renumber(row, index) {
    var pattern = /^fields-\d+-/;
    row.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
      if (el.name && pattern.test(el.name)) { el.name = el.name.replace(pattern, "fields-" + index + "-"); }
      if (el.id && pattern.test(el.id)) { el.id = el.id.replace(pattern, "fields-" + index + "-"); }
      var target = el.getAttribute("for");
      if (target && pattern.test(target)) { el.setAttribute("for", target.replace(pattern, "fields-" + index + "-")); }
    });
  }

  function clear(row) {
    row.querySelectorAll("input:not([type=submit]), textarea").forEach(function (el) { el.value = ""; });
    row.querySelectorAll("select").forEach(function (el) { el.selectedIndex = 0; });
    row.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
    row.querySelectorAll(".invalid-feedback").forEach(function (el) { el.remove(); });
  }

  var addButton = form.querySelector(".js-add-field");
  if (addButton && container) {
    addButton.addEventListener("click", function (event) {
      var rows = container.querySelectorAll(".js-field-row");
      if (!rows.length) { return; } // nothing to copy: let the server add the row
      event.preventDefault();
      var row = rows[rows.length - 1].cloneNode(true);
      clear(row);
      renumber(row, nextIndex());
      container.appendChild(row);
      var title = row.querySelector("input[type=text]");
      if (title) { title.focus(); }
    });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest(".js-remove-field");
    if (!button || !container) { return; }
    var rows = container.querySelectorAll(".js-field-row");
    event.preventDefault();
    var row = button.closest(".js-field-row");
    if (rows.length > 1) {
      row.remove();
    } else {
      clear(row);
    }
    if (addButton) { addButton.focus(); }
  });

  // A different party has different agencies: ask the server for the new choices. A pick
  // with the mouse reloads at once; arrowing through the list with the keyboard waits until
  // the user leaves the list, so the page does not reload under them at every key press.
  var refresh = form.querySelector(".js-refresh");
  function reload() {
    if (refresh && form.requestSubmit) { form.requestSubmit(refresh); }
  }
  form.querySelectorAll(".js-party-row select[name$='-party_id']").forEach(function (select) {
    var keyed = false;
    var pending = false;
    select.addEventListener("keydown", function () { keyed = true; });
    select.addEventListener("mousedown", function () { keyed = false; });
    select.addEventListener("change", function () {
      if (keyed) { pending = true; } else { reload(); }
    });
    select.addEventListener("blur", function () {
      if (pending) { pending = false; reload(); }
    });
  });
})();
