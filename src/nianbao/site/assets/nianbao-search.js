/* nianbao: the header search box, served by Pagefind from the site itself (pagefind/).
 *
 * Pagefind is loaded only when the box is first used, and loads only the parts of its index a
 * query needs. The index holds words cut by jieba at build time (src/nianbao/site/search.py): a
 * query is passed as typed, its words separated by spaces or punctuation, and each is matched as a
 * word prefix (曹坊 finds 曹坊镇). A township-year is a section of its county's document (id
 * "ty-SLUG"): its result links to the township-year's page, reports/SLUG/.
 *
 * A site in shards (nianbao/site/shards.py) has nianbao-shards.json at its root: the other shards'
 * indexes are merged into the search, and each result says which shard it is in (its documents
 * carry the shard's name) and links into that shard's site.
 *
 * Results are built with DOM nodes from Pagefind's text: only text and <mark> are kept, so nothing
 * a report contains can become markup here.
 */
(function () {
  "use strict";
  // Material hides the search box until its script says scripts run; lean pages (nb-lean.html)
  // load no Material script, so this one says it.
  document.documentElement.classList.remove("no-js");
  var root = document.querySelector("[data-nb-search]");
  if (!root) return;
  // The box itself (theme/partials/nb-search.html leaves it to this script): Material's markup, its
  // magnifier icon taken from the header's search button. Fixed text only.
  var icon = document.querySelector('label.md-header__button[for="__search"]');
  root.innerHTML = '<label class="md-search__overlay" for="__search"></label>' +
    '<div class="md-search__inner" role="search"><form class="md-search__form" name="search">' +
    '<input type="text" class="md-search__input" name="query" aria-label="搜索" placeholder="搜索乡镇、县区或术语"' +
    ' autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false" required>' +
    '<label class="md-search__icon md-icon" for="__search">' + (icon ? icon.innerHTML : "") +
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z"/></svg></label>' +
    '<nav class="md-search__options" aria-label="查找"><button type="reset" class="md-search__icon md-icon"' +
    ' title="清空当前内容" aria-label="清空当前内容" tabindex="-1">×</button></nav></form>' +
    '<div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0">' +
    '<div class="md-search-result" data-nb-search-result>' +
    '<div class="md-search-result__meta">输入乡镇、县区的名称或术语，如 曹坊镇、行政复议</div>' +
    '<ol class="md-search-result__list" role="presentation"></ol></div></div></div></div>';
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector("form");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  var SHOW = 8;             // results (documents of township-years) whose sections are shown at once
  var PAGES = 3;            // other pages shown after them (small documents)
  var SECTIONS = 8;         // township-years shown per county document
  var ANCHOR = "ty-";
  var HINT = meta.textContent;
  var base = new URL((root.getAttribute("data-base") || ".").replace(/\/?$/, "/"), location.href);
  var pagefind = null;
  var current = 0;          // the latest query's number: older answers are dropped

  // Pagefind takes the language of its queries from <html lang>; for "zh" it would cut the query
  // with the browser's segmenter (曹坊镇 -> 曹 / 坊 / 镇), not as the index was cut. The index's
  // language is "und" (no segmentation), so Pagefind starts while the page says "und".
  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        // No web worker: a query needs little work, and the worker script would be 41 KB more to load.
        return pf.options({ baseUrl: base.pathname, noWorker: true }).then(function () {
          var html = document.documentElement, lang = html.getAttribute("lang");
          html.setAttribute("lang", "und");
          var started = pf.init();
          if (lang === null) html.removeAttribute("lang"); else html.setAttribute("lang", lang);
          return started;
        }).then(function () { return merge(pf); }).then(function () { return pf; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  // The other shards' indexes, when this site is one of several (a missing list: a single site).
  var shards = {};          // shard name -> { label, base }
  function merge(pf) {
    return fetch(new URL("nianbao-shards.json", base).href).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (list) {
      if (!list || !list.shards) return;
      var self = list.self || "";       // the shards are siblings on one host: s.url works from any of them
      list.shards.forEach(function (s) {
        shards[s.name] = { label: s.label, base: self === s.name ? base : new URL(s.url, base) };
      });
      return Promise.all(list.shards.filter(function (s) { return s.name !== self; }).map(function (s) {
        return pf.mergeIndex(new URL("pagefind/", shards[s.name].base).href);
      }));
    }).catch(function (e) { console.warn("nianbao search: shards", e); });
  }

  // Text and <mark> of a Pagefind excerpt, as [text, marked] runs (parsed inertly: nothing runs or loads).
  function runs(html) {
    var doc = new DOMParser().parseFromString("<body>" + (html || ""), "text/html");
    var out = [];
    (function walk(node, marked) {
      node.childNodes.forEach(function (n) {
        if (n.nodeType === 3) out.push([n.data, marked]);
        else if (n.nodeType === 1) walk(n, marked || n.tagName === "MARK");
      });
    })(doc.body, false);
    return despace(out);
  }

  // The index separates words by spaces (around Chinese words only); for reading they are taken out
  // again between Chinese characters, and between them and punctuation.
  var HAN = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2018-\u201f]/;
  var PUNCT = /[^\P{P}\u2039\u203a\u00b7|\/]/u;   // punctuation, but not the separators › ‹ · | /
  function despace(parts) {
    var chars = [];
    parts.forEach(function (p) { Array.from(p[0]).forEach(function (c) { chars.push([c, p[1]]); }); });
    var kept = chars.filter(function (c, i) {
      if (c[0] !== " " || i === 0 || i === chars.length - 1) return true;
      var b = chars[i - 1][0], a = chars[i + 1][0];
      return !((HAN.test(b) && (HAN.test(a) || PUNCT.test(a))) || (b !== "." && PUNCT.test(b) && HAN.test(a)));
    });
    var out = [];
    kept.forEach(function (c) {
      var last = out[out.length - 1];
      if (last && last[1] === c[1]) last[0] += c[0]; else out.push([c[0], c[1]]);
    });
    return out;
  }

  function fill(el, parts) {
    parts.forEach(function (p) {
      if (p[1]) { var m = document.createElement("mark"); m.textContent = p[0]; el.appendChild(m); }
      else el.appendChild(document.createTextNode(p[0]));
    });
    return el;
  }

  function item(href, title, excerpt, nested) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = href;
    a.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset" + (nested ? "" : " md-search-result__article--document");
    var h = document.createElement(nested ? "h2" : "h1");
    fill(h, title);
    article.appendChild(h);
    if (excerpt && excerpt.length) article.appendChild(fill(document.createElement("p"), excerpt));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  // How many different words of the query a section matches (the distinct <mark>s of its excerpt).
  function matched(sub) {
    var seen = {};
    (sub.excerpt || "").replace(/<mark>(.*?)<\/mark>/g, function (m, w) {
      seen[w.replace(/[^\p{L}\p{N}]+/gu, "")] = 1;
      return m;
    });
    return Object.keys(seen).length;
  }

  // The items of one Pagefind result: a county's matching township-years (and the county itself when
  // its own heading matches), or a page and its section; those matching more of the query first.
  function items(data) {
    var shard = shards[(data.meta && data.meta.shard) || ""];
    var site = shard ? shard.base : base;
    var page = new URL((data.meta && data.meta.page) || "", site).href;
    var where = shard ? [["（" + shard.label + "）", false]] : [];
    var title = despace([[(data.meta && data.meta.title) || "", false]]).concat(where);   // titles are plain text
    var subs = (data.sub_results || []).map(function (s, i) { return { s: s, i: i, n: matched(s) }; });
    var reports = subs.filter(function (x) { return anchor(x.s.url).indexOf(ANCHOR) === 0; });
    var top = subs.filter(function (x) { return anchor(x.s.url).indexOf(ANCHOR) !== 0; });
    var entries = reports.slice();
    if (top.length || !reports.length) {
      var first = top[0] || { s: data, i: -1, n: matched(data) };
      entries.push({ s: first.s, i: first.i, n: first.n, page: true });
    }
    entries.sort(function (a, b) { return b.n - a.n || a.i - b.i; });
    var out = [];
    entries.slice(0, SECTIONS).forEach(function (x) {
      if (x.page) { out.push(item(page, title, runs(x.s.excerpt), false)); return; }
      var slug = anchor(x.s.url).slice(ANCHOR.length);
      out.push(item(new URL("reports/" + slug + "/", site).href, despace([[x.s.title || "", false]]).concat(where),
                    runs(x.s.excerpt), true));
    });
    if (entries.length > SECTIONS) {
      out.push(item(page, [["另有 " + (entries.length - SECTIONS) + " 项匹配，见 ", false]].concat(title), [], true));
    }
    return out;
  }

  function anchor(url) {
    var i = (url || "").indexOf("#");
    return i < 0 ? "" : decodeURIComponent(url.slice(i + 1));
  }

  // The query as the index's words: punctuation dropped, Chinese apart from digits and letters,
  // and a run of place names typed together (宁化县曹坊镇) cut after each place's suffix.
  var HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var PLACE_CHAIN = /^.{2,}(省|市|县|区|旗|盟|州|镇|乡|街道)$/;
  var AFTER_SUFFIX = /(..(?:省|市|县|区|旗|盟|州|镇|乡|街道))(?=..)/g;
  function words(query) {
    var q = query.replace(/[^\p{L}\p{N}]+/gu, " ").replace(HAN_RUN, function (run) {
      return " " + (run.length > 4 && PLACE_CHAIN.test(run) ? run.replace(AFTER_SUFFIX, "$1 ") : run) + " ";
    });
    return q.replace(/\s+/g, " ").trim();
  }

  // Two searches of the same words: the township-years (documents with the filter report:1) first, then
  // the other pages (see search.py REPORT_FILTER); the second reuses the index chunks the first loaded.
  function search() {
    var query = words(input.value);
    var n = ++current;
    if (!query) { meta.textContent = HINT; list.replaceChildren(); return; }
    var found = {};
    load().then(function (pf) {
      return pf.search(query, { filters: { report: "1" } }).then(function (r) {
        found.reports = (r && r.results) || [];
        return pf.search(query, { filters: { not: { report: "1" } } });
      }).then(function (r) { found.pages = (r && r.results) || []; });
    }).then(function () {
      if (n !== current) return;
      var total = found.reports.length + found.pages.length;
      if (!total) {
        meta.textContent = "没有找到匹配的页面";
        list.replaceChildren();
        return;
      }
      var shown = found.reports.slice(0, SHOW).concat(found.pages.slice(0, PAGES));
      return Promise.all(shown.map(function (r) { return r.data(); })).then(function (all) {
        if (n !== current) return;
        var lis = [];
        all.forEach(function (d) { lis = lis.concat(items(d)); });
        meta.textContent = total > shown.length
          ? "找到 " + total + " 组结果，显示前 " + shown.length + " 组"
          : "找到 " + total + " 组结果";
        list.replaceChildren.apply(list, lis);
      });
    }).catch(function (e) {
      if (n === current) meta.textContent = "搜索暂时不可用";
      console.warn("nianbao search:", e);
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  input.addEventListener("focus", function () {
    if (toggle && !toggle.checked) toggle.checked = true;
    load().catch(function () { /* reported when searching */ });
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { toggle.checked = false; input.blur(); }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { input.focus(); search(); }, 0);
  });
  list.addEventListener("click", function () { if (toggle) toggle.checked = false; });
  if (toggle) {
    toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
  }
  document.addEventListener("keydown", function (e) {
    var active = document.activeElement;
    var typing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
    if (!typing && (e.key === "/" || e.key === "s" || e.key === "f") && !e.metaKey && !e.ctrlKey) {
      e.preventDefault();
      if (toggle) toggle.checked = true;
      input.focus();
    }
  });
})();
