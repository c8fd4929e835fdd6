/* nianbao: on the archived original (nianbao/site/original.py), mark the number a reader clicked.
 *
 * A number on a report page links here as original/?k=K&n=N&v=VALUE&c=CELL#L100 (nianbao-report.js):
 * line 100 holds N values of the page's tables, this one is the K-th (0-based, in the table's order),
 * VALUE as published, CELL the id of its cell. A table row is printed label first and values last,
 * so the K-th of the line's last N numbers is the clicked one; when that number is not VALUE (a line
 * of prose, a value printed twice), the first number equal to VALUE is marked instead, and when none
 * is, only the line stays highlighted (by :target, as without this script). The header's link back
 * becomes "返回表格", to the cell. The line's text is only split around the number, never parsed as markup.
 * First, the lines the data cites are marked (their numbers in bold).
 */
(function () {
  "use strict";
  // The lines the data cites (data-c: runs such as "3-5,9") get their number in bold.
  var lines = document.querySelector(".nb-lines[data-c]");
  (lines ? lines.getAttribute("data-c").split(",") : []).forEach(function (run) {
    var ends = run.split("-").map(Number), last = ends.length > 1 ? ends[1] : ends[0];
    for (var i = ends[0]; i <= last; i++) {
      var p = document.getElementById("L" + i);
      if (p) p.classList.add("c");
    }
  });
  var q = new URLSearchParams(location.search);
  var line = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!line || !q.has("v")) return;
  var k = Number(q.get("k") || 0), n = Number(q.get("n") || 1), value = q.get("v"), cell = q.get("c") || "";

  var NUMBER = /\d+(?:\.\d+)?/g;
  var found = [];     // [text node, start, end, text] of each number on the line, in order
  line.childNodes.forEach(function (node) {
    if (node.nodeType !== 3) return;          // <i>: where in a PDF or sheet, not the report's text
    var m;
    NUMBER.lastIndex = 0;
    while ((m = NUMBER.exec(node.data))) found.push([node, m.index, m.index + m[0].length, m[0]]);
  });
  var same = function (x) { return x && Number(x[3]) === Number(value); };
  var at = found[found.length - n + k];
  if (!same(at)) at = found.filter(same)[0];
  if (!at) return;

  var node = at[0], after = node.splitText(at[1]);
  after.splitText(at[2] - at[1]);
  var mark = document.createElement("mark");
  mark.className = "nb-value";
  after.parentNode.replaceChild(mark, after);
  mark.appendChild(after);
  var back = document.querySelector("a[data-nb-back]");
  if (back && /^c-[\w-]+$/.test(cell)) {
    back.href = back.getAttribute("href").split("#")[0] + "#" + cell;
    back.textContent = "← 返回表格";     // in the sticky header: the line's own text stays as printed
    mark.title = "点顶部“返回表格”回到表中此格";
  }
  mark.scrollIntoView({ block: "center", inline: "nearest" });
})();
