// Add-claim form: selecting a passage in the document text fills in its character offsets.
// Offsets count Unicode code points of the document text, as the store does (JavaScript counts
// UTF-16 units, hence the Array.from). The <pre> holds the text as one text node.
(function () {
  "use strict";
  var pre = document.getElementById("doctext");
  var start = document.getElementById("sel-start");
  var end = document.getElementById("sel-end");
  var quote = document.getElementById("sel-quote");
  if (!pre || !start || !end) return;
  function offset(node, off) {
    var range = document.createRange();
    range.setStart(pre, 0);
    range.setEnd(node, off);
    return Array.from(range.toString()).length;
  }
  document.addEventListener("selectionchange", function () {
    var sel = document.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    var r = sel.getRangeAt(0);
    if (!pre.contains(r.startContainer) || !pre.contains(r.endContainer)) return;
    start.value = offset(r.startContainer, r.startOffset);
    end.value = offset(r.endContainer, r.endOffset);
    if (quote) quote.textContent = "\u201c" + r.toString().slice(0, 200) + "\u201d";
  });
})();
