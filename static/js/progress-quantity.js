// "Laporkan kemajuan": the quantity is added to the realisation; say where it leads while typing.
// The server checks and repeats the same sentence; this only saves a round trip.
(function () {
  "use strict";
  var box = document.getElementById("quantity-box");
  if (!box) { return; }
  var input = box.querySelector("input[name=quantity]");
  var out = document.getElementById("quantity-outcome");
  var before = parseFloat(box.dataset.before) || 0;
  var target = parseFloat(box.dataset.target) || 0;
  var lang = document.documentElement.lang || "id";

  // The same readings as tracker.programs.fields.parse_quantity: "1,5", "1.5", "1.250".
  function parse(text) {
    var s = (text || "").replace(/\s+/g, "");
    if (/^\d{1,3}(\.\d{3})+$/.test(s)) { s = s.replace(/\./g, ""); }
    else if (/^\d{1,3}(\.\d{3})+,\d+$/.test(s)) { s = s.replace(/\./g, "").replace(",", "."); }
    else { s = s.replace(",", "."); }
    return /^\d+(\.\d+)?$/.test(s) ? parseFloat(s) : null;
  }

  function number(value, digits) {
    return value.toLocaleString(lang, { maximumFractionDigits: digits });
  }

  function refresh() {
    var added = parse(input.value);
    if (added === null) { out.textContent = ""; return; }
    var total = before + added;
    if (target > 0) {
      var share = Math.round(total / target * 1000) / 10;
      out.textContent = box.dataset.withTarget.replace("{total}", number(total, 2))
        .replace("{target}", number(target, 2)).replace("{percent}", number(share, 1) + "%");
      if (total > target) { out.textContent += " " + box.dataset.over; }
      out.classList.toggle("text-danger", total > target);
    } else {
      out.textContent = box.dataset.withoutTarget.replace("{total}", number(total, 2));
    }
  }

  input.addEventListener("input", refresh);
  if (!out.textContent) { refresh(); }
}());
