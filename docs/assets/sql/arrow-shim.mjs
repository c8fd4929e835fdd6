// apache-arrow's browser bundle (a classic script that sets globalThis.Arrow, loaded before this by
// the SQL page) as the ES module "apache-arrow" that duckdb-browser.mjs imports (see the page's
// import map). These are the names DuckDB-WASM 1.32.0 uses.
const A = globalThis.Arrow;
export const { Table, Type, RecordBatchReader, tableFromIPC, tableToIPC, util } = A;
