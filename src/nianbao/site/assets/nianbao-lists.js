/* nianbao: the lists of reports (nianbao/site/indexes.py, tables marked data-nb-list) sorted and
 * filtered in the browser, on the page shown (a long list is split into pages of 150).
 *
 * Filters: one menu per facet the rows carry (data-p province, data-c county, data-y year, data-l
 * level, data-s validation status), offered only when the page has more than one value of it, and
 * a text box matched against the row's text. Sorting: a click on a column's header, again to
 * reverse; names by pinyin (the browser's zh collation, as the lists are ordered on the site),
 * figures as numbers with "—" (not printed) last. Only text is ever inserted, never markup.
 */
(function () {
  "use strict";
  var FACETS = [["p", "省份"], ["c", "县区"], ["y", "年度"], ["l", "级别"], ["s", "校验"]];
  var collator = new Intl.Collator("zh-CN-u-co-pinyin", { numeric: true });

  document.querySelectorAll("table[data-nb-list]").forEach(function (table) {
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var bar = document.createElement("div");
    bar.className = "nb-filters";
    var menus = [];

    FACETS.forEach(function (f) {
      var values = [];
      rows.forEach(function (tr) {
        var v = tr.getAttribute("data-" + f[0]);
        if (v && values.indexOf(v) < 0) values.push(v);
      });
      if (values.length < 2) return;
      values.sort(collator.compare);
      var label = document.createElement("label");
      label.textContent = f[1] + " ";
      var select = document.createElement("select");
      select.setAttribute("data-facet", f[0]);
      select.add(new Option("全部", ""));
      values.forEach(function (v) { select.add(new Option(v, v)); });
      select.addEventListener("change", apply);
      label.appendChild(select);
      bar.appendChild(label);
      menus.push(select);
    });
    var text = document.createElement("input");
    text.type = "search";
    text.placeholder = "筛选本页：名称、地区…";
    text.setAttribute("aria-label", "筛选本页的报告");
    text.addEventListener("input", apply);
    bar.appendChild(text);
    var count = document.createElement("span");
    count.className = "nb-count";
    bar.appendChild(count);
    var scroll = table.closest(".nb-scroll") || table;
    scroll.parentNode.insertBefore(bar, scroll);

    function apply() {
      var words = text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (tr) {
        var ok = menus.every(function (m) {
          return !m.value || tr.getAttribute("data-" + m.getAttribute("data-facet")) === m.value;
        });
        var t = tr.textContent.toLowerCase();
        ok = ok && words.every(function (w) { return t.indexOf(w) >= 0; });
        tr.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown === rows.length ? "本页 " + rows.length + " 项" : "本页显示 " + shown + " / " + rows.length + " 项";
    }
    apply();

    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, i) {
      var numeric = th.getAttribute("data-sort") === "n";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "nb-sort";
      button.title = "按此列排序，再点一次反向";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var up = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var key = function (tr) { return (tr.cells[i] ? tr.cells[i].textContent : "").trim(); };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b), nx = Number(x), ny = Number(y);
          var blank = (x === "—" || x === "") - (y === "—" || y === "");
          if (blank) return blank;                      // not printed: last either way
          var c = numeric && !isNaN(nx) && !isNaN(ny) ? nx - ny : collator.compare(x, y);
          return up ? c : -c;
        });
        rows.forEach(function (tr) { body.appendChild(tr); });
      });
    });
  });
})();
