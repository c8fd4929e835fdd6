/* nianbao: a report page's cells, read from its own tables (nianbao/site/tables.py).
 *
 * The cells carry no ids (a national year of pages must fit its host): a data row's id names its
 * row (r-TABLE-ROW) and the header row before it lists the columns' keys (data-c), labels (data-z,
 * else the texts of its own last cells) and units (data-u); where a table's values stand in one row
 * (四) it lists their rows too (data-r, labels data-rz): a column per row and key. From these this script
 * 1. links each value to its line in the original: the row's line (data-l; value i on line
 *    data-l + i * data-s where the row says data-s) unless the cell links itself (a value printed on
 *    another line) or has none (class m: missing; n: on no line),
 * 2. gives each cell its id c-TABLE-ROW-COL, so the links of the findings (#c-...) land on it, and
 * 3. makes the downloads of the page's figures (CSV, JSON) in the browser, from the page itself.
 * Report text only ever becomes text here (textContent), never markup.
 */
(function () {
  "use strict";
  var report = document.querySelector(".nb-report");
  if (!report) return;
  var original = report.getAttribute("data-o") || "original/";

  function link(td, line) {   // the value (the cell's first text) as a link to its line
    var value = td.firstChild;
    if (!line || td.querySelector("a") || /(^| )[mn]( |$)/.test(td.className) || !value || value.nodeType !== 3) return;
    var a = document.createElement("a");
    a.href = original + "#L" + line;
    td.insertBefore(a, value);
    a.appendChild(value);
  }

  function cells() {
    var out = [];
    report.querySelectorAll("table[data-t]").forEach(function (table) {
      var name = table.getAttribute("data-t"), cols = [], labels = [], units = [];
      table.querySelectorAll("tr").forEach(function (tr) {
        if (tr.hasAttribute("data-c")) {
          var keys = tr.getAttribute("data-c").split(" "), u = (tr.getAttribute("data-u") || "").split("|");
          var z = tr.hasAttribute("data-z") ? tr.getAttribute("data-z").split("|") :
            [].slice.call(tr.querySelectorAll("th"), -keys.length).map(function (th) { return th.textContent; });
          if (tr.hasAttribute("data-r")) {      // values in one row (四): a column per row and key
            var rz = (tr.getAttribute("data-rz") || "").split("|");
            cols = []; labels = []; units = [];
            tr.getAttribute("data-r").split(" ").forEach(function (r, j) {
              keys.forEach(function (k, i) {
                cols.push(r + ":" + k);
                labels.push((rz[j] ? rz[j] + " " : "") + (z[i] || ""));
                units.push(u[i] || "");
              });
            });
          } else {
            cols = keys; labels = z; units = u;
          }
        }
        var id = tr.id || "", prefix = "r-" + name + "-";
        if (id.indexOf(prefix) !== 0) return;
        var heads = tr.querySelectorAll("th");
        var rowLabel = heads.length ? heads[heads.length - 1].textContent : "";
        tr.querySelectorAll("td").forEach(function (td, i) {
          var first = tr.getAttribute("data-l");
          link(td, first && Number(first) + i * Number(tr.getAttribute("data-s") || 0));
          var col = cols[i] || "", row = id.slice(prefix.length);
          if (col.indexOf(":") >= 0) { row = col.split(":")[0]; col = col.split(":")[1]; rowLabel = ""; }
          var a = td.querySelector("a"), was = td.querySelector(".nb-was");
          var line = a ? (a.getAttribute("href").split("#L")[1] || "") : "";
          var value = (a ? a.textContent : (td.firstChild && td.firstChild.nodeType === 3 ? td.firstChild.data : "")).trim();
          out.push({
            td: td, table: name, row: row, column: col, row_zh: rowLabel.trim(), column_zh: labels[i] || "",
            value: value === "—" ? "" : value, unit: units[i] || "",
            status: { m: "missing", b: "blank", i: "inferred", c: "corrected", o: "ocr", p: "prose" }[(td.className || "").split(" ")[0]] || "printed",
            source_line: line, printed: was ? was.textContent.replace(/^原印\s*/, "") : ""
          });
        });
      });
    });
    return out;
  }

  var all = cells();
  all.forEach(function (c) { c.td.id = "c-" + c.table + "-" + c.row + "-" + c.column; });

  // 4. A value's link says where on its line it stands (nianbao-original.js marks it there): the K-th
  // of the N values of the page on that line, its value and its cell, to come back to.
  var byLine = {};
  all.forEach(function (c) { if (c.source_line && c.value !== "") (byLine[c.source_line] = byLine[c.source_line] || []).push(c); });
  Object.keys(byLine).forEach(function (line) {
    byLine[line].forEach(function (c, k) {
      var a = c.td.querySelector("a");
      var q = "?k=" + k + "&n=" + byLine[line].length + "&v=" + encodeURIComponent(c.printed || c.value) +
              "&c=" + c.td.id;
      a.href = a.getAttribute("href").split("#")[0].split("?")[0] + q + "#L" + line;
    });
  });

  // 5. 报告错误 beside each value, where the site names a repository: the page's link for a number
  // (made by nianbao/site/feedback.py with placeholders) filled in for the cell.
  var form = report.getAttribute("data-err");
  if (form) {
    all.forEach(function (c) {
      var fill = { table: c.table, row: c.row, column: c.column,
                   value: c.value === "" ? "空值（原文未印出）" : c.value, line: c.source_line };
      var a = document.createElement("a");
      a.className = "nb-err";
      a.title = "报告此数错误（在 GitHub 上提交）";
      a.textContent = "报错";
      a.href = form.replace(/%7B(table|row|column|value|line)%7D/g, function (m, k) {
        return encodeURIComponent(fill[k] || "");
      }).replace(/(&source_line=)(?=&|$)/, "$1");
      c.td.appendChild(a);
    });
  }

  // 6. Sticky headers: the header rows of a table stay at the top of its scrolling box, one below another.
  report.querySelectorAll("table[data-t]").forEach(function (table) {
    var top = 0;
    for (var tr = table.rows[0]; tr && !tr.id; tr = tr.nextElementSibling) {
      tr.querySelectorAll("th").forEach(function (th) { th.style.top = top + "px"; th.classList.add("nb-sticky"); });
      top += tr.getBoundingClientRect().height;
    }
  });

  function land() {   // the ids exist only now: go to the cell the address names
    var id = decodeURIComponent(location.hash.slice(1));
    document.querySelectorAll(".nb-target").forEach(function (el) { el.classList.remove("nb-target"); });
    if (id.indexOf("c-") !== 0) return;
    var el = document.getElementById(id);
    if (el) { el.classList.add("nb-target"); el.scrollIntoView({ block: "center" }); }
  }
  window.addEventListener("hashchange", land);
  land();

  var COLUMNS = ["report_id", "table", "row", "column", "row_zh", "column_zh", "value", "unit", "status",
                 "source_line", "printed"];
  var id = report.getAttribute("data-id") || "report";

  function rows() {
    return all.map(function (c) {
      var r = { report_id: id };
      COLUMNS.slice(1).forEach(function (k) { r[k] = c[k]; });
      return r;
    });
  }

  function csv() {   // Excel/WPS read the BOM as UTF-8; a text starting with = + - @ stays text
    var quote = function (v) {
      v = String(v == null ? "" : v);
      if (/^[=+\-@]/.test(v) && isNaN(Number(v))) v = "'" + v;
      return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
    };
    return "\ufeff" + [COLUMNS.join(",")].concat(rows().map(function (r) {
      return COLUMNS.map(function (k) { return quote(r[k]); }).join(",");
    })).join("\n") + "\n";
  }

  function json() {
    return JSON.stringify({ report_id: id, version: report.getAttribute("data-v") || "", cells: rows().map(function (r) {
      var o = {};
      COLUMNS.slice(1).forEach(function (k) {
        o[k] = k === "value" || k === "source_line" ? (r[k] === "" ? null : Number(r[k])) : r[k];
      });
      return o;
    }) }, null, 1) + "\n";
  }

  report.querySelectorAll("[data-nb-download]").forEach(function (button) {
    button.addEventListener("click", function () {
      var kind = button.getAttribute("data-nb-download");
      var blob = new Blob([kind === "csv" ? csv() : json()], { type: kind === "csv" ? "text/csv" : "application/json" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = id + "." + kind;
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    });
  });
})();
