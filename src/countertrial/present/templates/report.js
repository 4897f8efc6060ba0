/* Claims filter. The report works without it: the box stays hidden unless this script runs.
   A row is shown when every word typed appears somewhere in its text (case-insensitive). */
(function () {
  "use strict";
  var box = document.getElementById("claims-filter");
  var table = document.getElementById("claims-table");
  var wrap = document.getElementById("claims-filter-wrap");
  var count = document.getElementById("claims-count");
  if (!box || !table || !wrap || !table.tBodies.length) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  wrap.hidden = false;
  function apply() {
    var terms = box.value.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var text = texts[i];
      var ok = terms.every(function (t) { return text.indexOf(t) !== -1; });
      rows[i].classList.toggle("filtered-out", !ok);
      if (ok) { shown++; }
    }
    count.textContent = shown + " of " + rows.length + " claims shown";
  }
  var timer = null;
  box.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(apply, 60);
  });
  apply();
}());
