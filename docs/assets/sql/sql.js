// The SQL page (数据查询): DuckDB-WASM in a web worker, over the site's database file (one DuckDB
// file holding every table of the data package; why: src/nianbao/site/sql.py). Loaded only here.
//
// A careless query cannot hang the tab: it runs in the worker; at most FETCH rows come back (a
// query is wrapped in LIMIT when it is a single SELECT, and the stream is cut after FETCH rows in
// any case) and SHOW are drawn; after TIME_LIMIT seconds, or on 停止, the worker is ended and a new
// one starts with the next query. Nothing leaves the site: DuckDB's extension downloads and any
// access to files or URLs other than the database are switched off, then the settings are locked.
import * as duckdb from './vendor/duckdb-browser.mjs';

const FETCH = 10000;
const SHOW = 1000;
const TIME_LIMIT = 120;
const $ = (id) => document.getElementById(id);
const root = $('nb-sql');
const input = $('nb-sql-input');
const statusEl = $('nb-sql-status');
const errorEl = $('nb-sql-error');
const resultEl = $('nb-sql-result');
const runButton = $('nb-sql-run');
const stopButton = $('nb-sql-stop');
const csvButton = $('nb-sql-csv');
let engine = null;     // Promise of {db, conn, worker}
let last = null;       // the last result: {columns, rows}
let abort = null;      // ends the running query (the worker with it)

const abs = (url) => new URL(url, location.href).href;
const say = (text) => { statusEl.textContent = text; };
const n = (x) => x.toLocaleString('zh-CN');

// A gzipped file of the site (the engine's wasm: 7.9 MB, not 34; its worker; the database), unpacked in the
// browser (why: src/nianbao/site/sql.py). A server that sent it with Content-Encoding: gzip has
// unpacked it already: no gzip magic. Each file is fetched once per visit; a failed one again.
const fetched = {};
function unpacked(url) {
  if (!fetched[url]) {
    fetched[url] = (async () => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`下载失败（HTTP ${response.status}）：${url}`);
      const body = await response.arrayBuffer();
      const head = new Uint8Array(body, 0, Math.min(2, body.byteLength));
      if (head[0] !== 0x1f || head[1] !== 0x8b) return body;
      if (typeof DecompressionStream === 'undefined') {
        throw new Error('这个浏览器太旧，不能解压查询引擎（需要 Chrome/Edge 80、Firefox 113、Safari 16.4 及以后的版本）。');
      }
      return new Response(new Blob([body]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
    })();
    fetched[url].catch(() => { delete fetched[url]; });
  }
  return fetched[url];
}

// The engine's files as blob: URLs of what was unpacked (the worker script and its wasm).
const blobs = {};
async function blobUrl(url, type) {
  if (!blobs[url]) {
    const body = await unpacked(abs(url));
    blobs[url] = blobs[url] || URL.createObjectURL(new Blob([body], { type }));
    delete fetched[abs(url)];          // the blob holds it now (34 MB for the wasm)
  }
  return blobs[url];
}

async function start() {
  const features = await duckdb.getPlatformFeatures();
  if (!features.wasmExceptions) {
    throw new Error('这个浏览器太旧，不能运行查询引擎（需要 WebAssembly 异常处理：Chrome/Edge 95、Firefox 100、Safari 15.2 及以后的版本）。');
  }
  const worker = new Worker(await blobUrl(root.dataset.worker, 'text/javascript'));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  try {
    await db.instantiate(await blobUrl(root.dataset.wasm, 'application/wasm'));
    // A gzipped database is unpacked into the engine's memory (a copy per worker: the buffer moves
    // to it). Another is read over HTTP: by ranges where the server allows them (only the blocks a
    // query needs), whole where not (forceFullHTTPReads is on by default in this version).
    await db.open({ filesystem: { reliableHeadRequests: true, allowFullHTTPReads: true, forceFullHTTPReads: false } });
    const dbUrl = abs(root.dataset.db);
    if (new URL(dbUrl).pathname.endsWith('.gz')) {
      await db.registerFileBuffer('nianbao.duckdb', new Uint8Array((await unpacked(dbUrl)).slice(0)));
    } else {
      await db.registerFileURL('nianbao.duckdb', dbUrl, duckdb.DuckDBDataProtocol.HTTP, false);
    }
    const conn = await db.connect();
    for (const s of ['SET autoinstall_known_extensions = false', 'SET autoload_known_extensions = false',
                     "ATTACH 'nianbao.duckdb' AS nianbao (READ_ONLY)", 'USE nianbao',
                     'SET enable_external_access = false', 'SET lock_configuration = true']) {
      await conn.query(s);
    }
    return { db, conn, worker };
  } catch (e) {
    worker.terminate();
    throw e;
  }
}

// Rows of a query as text (null stays null), at most FETCH + 1 of them (one more tells "there are more").
async function fetchRows(conn, sql) {
  const reader = await conn.send(sql);
  if (!reader.schema && reader.open) await reader.open();
  let columns = (reader.schema ? reader.schema.fields : []).map((f) => f.name);
  const rows = [];
  for await (const batch of reader) {
    columns = batch.schema.fields.map((f) => f.name);
    const cols = columns.map((_, i) => batch.getChildAt(i));
    for (let r = 0; r < batch.numRows && rows.length <= FETCH; r++) {
      rows.push(cols.map((c) => text(c.get(r))));
    }
    if (rows.length > FETCH) {
      await conn.cancelSent().catch(() => {});
      break;
    }
  }
  return { columns, rows };
}

function text(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? x.toString() : x));
}

// A single query (no ';' inside) is wrapped so that DuckDB stops after FETCH + 1 rows and formats
// every value (decimals, dates, lists) as text itself. Anything else (PRAGMA, several statements),
// or a query whose wrapped form fails, runs as written.
function wrap(sql) {
  const body = sql.trim().replace(/;\s*$/, '');
  if (body.includes(';') || !/^\s*(select|with|from|values|table|describe|show|summarize|pivot|unpivot|\()/i.test(body)) {
    return null;
  }
  return `SELECT COLUMNS(*)::VARCHAR FROM (${body}\n) LIMIT ${FETCH + 1}`;
}

async function query(conn, sql) {
  const wrapped = wrap(sql);
  if (wrapped) {
    try {
      return await fetchRows(conn, wrapped);
    } catch (e) {
      // run it as written, so that an error quotes the user's SQL, not the wrapper
    }
  }
  return fetchRows(conn, sql);
}

// DuckDB's error as one readable text (some come as JSON: {"exception_type": ..., "exception_message": ...}).
function message(e) {
  const m = String((e && e.message) || e).replace(/^Error: /, '');
  try {
    const j = JSON.parse(m);
    if (j && j.exception_message) return `${j.exception_type} Error: ${j.exception_message}`;
  } catch (x) { /* not JSON */ }
  return m;
}

async function run() {
  const sql = input.value;
  if (!sql.trim() || abort) return;   // one query at a time: 停止 ends the running one
  history.replaceState(null, '', `${location.pathname}?sql=${encodeURIComponent(sql)}`);
  errorEl.hidden = true;
  csvButton.hidden = true;
  stopButton.hidden = false;
  runButton.disabled = true;
  resultEl.replaceChildren();
  const t0 = performance.now();
  let timer;
  const stopped = new Promise((_, reject) => { abort = (why) => reject(new Error(why)); });
  try {
    const { conn } = await Promise.race([ready(), stopped]);
    timer = setTimeout(() => abort('timeout'), TIME_LIMIT * 1000);   // the query's time, not the download's
    say('正在查询……');
    last = await Promise.race([query(conn, sql), stopped]);
    draw(last, (performance.now() - t0) / 1000);
  } catch (e) {
    const why = message(e);
    if (why === 'stopped' || why === 'timeout') {
      restart();
      show(why === 'timeout' ? `查询超过 ${TIME_LIMIT} 秒，已停止。请缩小范围（WHERE）、先汇总（GROUP BY）或加 LIMIT。`
                             : '已停止。');
    } else {
      show(why);
    }
    say('');
  } finally {
    clearTimeout(timer);
    abort = null;
    stopButton.hidden = true;
    runButton.disabled = false;
  }
}

// The engine, started on first use; if it failed to start, the next query tries again.
function ready() {
  if (!engine) {
    say('正在加载查询引擎（打开本页时加载一次）……');
    const starting = start();
    engine = starting;
    starting.catch(() => { if (engine === starting) engine = null; });
  }
  return engine;
}

// Ends the worker (and the query in it); the next query starts a new one.
function restart() {
  const old = engine;
  engine = null;
  if (old) old.then((e) => e.worker.terminate(), () => {});
}

function show(text) {
  errorEl.textContent = `错误 Error：${text}`;
  errorEl.hidden = false;
}

function draw({ columns, rows }, seconds) {
  const more = rows.length > FETCH;
  const kept = more ? rows.slice(0, FETCH) : rows;
  const shown = kept.slice(0, SHOW);
  const table = document.createElement('table');
  table.className = 'nb-table nb-sql-result';
  const head = table.createTHead().insertRow();
  for (const c of columns) head.appendChild(document.createElement('th')).textContent = c;
  const body = table.createTBody();
  for (const r of shown) {
    const tr = body.insertRow();
    for (const v of r) {
      const td = tr.insertCell();
      if (v === null) {
        td.textContent = 'NULL';
        td.className = 'nb-sql-null';
      } else {
        td.textContent = v;
        if (/^-?\d+(\.\d+)?$/.test(v)) td.className = 'nb-num';
      }
    }
  }
  resultEl.replaceChildren(table);
  last = { columns, rows: kept };
  csvButton.hidden = kept.length === 0;
  let note = `${n(kept.length)} 行，用时 ${seconds.toFixed(2)} 秒`;
  if (more) note = `结果超过 ${n(FETCH)} 行，只取回前 ${n(FETCH)} 行（用时 ${seconds.toFixed(2)} 秒）：请加 WHERE、GROUP BY 或 LIMIT`;
  if (kept.length > SHOW) note += `；显示前 ${n(SHOW)} 行，CSV 含取回的全部行`;
  say(note + '。');
}

// CSV for Excel/WPS: UTF-8 with BOM, null as an empty cell, and no cell that a spreadsheet would
// take for a formula (a leading = + - @ gets a ' unless the cell is a plain number).
function csv({ columns, rows }) {
  const cell = (v) => {
    if (v === null) return '';
    let s = String(v);
    if (/^[=+\-@\t\r]/.test(s) && !/^[-+]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\ufeff' + [columns, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

csvButton.addEventListener('click', () => {
  if (!last) return;
  const url = URL.createObjectURL(new Blob([csv(last)], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'nianbao-query.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});
runButton.addEventListener('click', run);
stopButton.addEventListener('click', () => abort && abort('stopped'));
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    run();
  }
});
for (const b of root.querySelectorAll('[data-sql]')) {
  b.addEventListener('click', () => {
    input.value = b.dataset.sql;
    run();
  });
}

const given = new URLSearchParams(location.search).get('sql');
if (given) input.value = given;
say('');
run();
