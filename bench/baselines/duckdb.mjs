// The DuckDB peer of `logmill bench`: answers one bench query over gzip'd
// access logs the way a DuckDB user would (read_csv of whole lines, then
// regexp_extract), printing logmill's TSV for the same query.
//
//   node duckdb.mjs QUERY THREADS FILE...
//   QUERY: count-status | top-path | top-path-bytes | distinct-hosts
//
// @duckdb/node-api is not in the repository: scripts/install-peers.sh puts
// it under $LOGMILL_PEERS_DIR (default ~/.cache/logmill/peers).
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const peersDir =
  process.env.LOGMILL_PEERS_DIR ||
  path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "logmill", "peers");
const { DuckDBInstance } = createRequire(path.join(peersDir, "package.json"))("@duckdb/node-api");

// A line as logmill's combined/common parser takes it: host, ident, user,
// [time], "request", status, bytes, then optionally "referrer" "agent".
// Quoted fields may hold \" and \\.
const q = String.raw`"((?:[^"\\]|\\.)*)"`;
const kLine =
  String.raw`^(\S+) \S+ \S+ \[\d{2}/[A-Za-z]{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] ` +
  q + String.raw` (\d{3}) (\d+|-)(?: ` + q + " " + q + ")?$";
const kMethod = "^[A-Z_-]{1,32} ";
const kProtocol = " [A-Z]+/[0-9.]+$";

function sqlString(text) {
  return "'" + text.replaceAll("'", "''") + "'";
}

/// The parsed lines as a relation: host, status, path, bytes (NULL for -).
function parsedLines(files) {
  const list = "[" + files.map(sqlString).join(", ") + "]";
  const re = sqlString(kLine);
  // One regex pass a line: the struct form of regexp_extract names the
  // groups; a line that does not match gives empty strings.
  return `(SELECT m.host AS host, m.status AS status,
            TRY_CAST(NULLIF(m.bytes, '-') AS BIGINT) AS bytes,
            CASE WHEN regexp_matches(m.req, ${sqlString(kMethod)})
                 THEN regexp_replace(regexp_replace(m.req, ${sqlString(kMethod)}, ''),
                                     ${sqlString(kProtocol)}, '')
                 ELSE m.req END AS path
     FROM (SELECT regexp_extract(line, ${re}, ['host', 'req', 'status', 'bytes']) AS m
           FROM read_csv(${list}, columns = {'line': 'VARCHAR'}, header = false,
                         delim = '\x01', quote = '', escape = '', compression = 'gzip',
                         strict_mode = false, auto_detect = false))
     WHERE m.status <> '')`;
}

function querySql(query, files) {
  const lines = parsedLines(files);
  switch (query) {
    case "count-status":
      return `SELECT status, count(*) FROM ${lines} GROUP BY status ORDER BY status`;
    case "top-path":
      return `SELECT path, count(*) AS n FROM ${lines} GROUP BY path ORDER BY n DESC, path LIMIT 10`;
    case "top-path-bytes":
      return `SELECT path, count(*) AS n, sum(bytes) FROM ${lines} GROUP BY path
              ORDER BY n DESC, path LIMIT 10`;
    case "distinct-hosts":
      return `SELECT count(DISTINCT host) FROM ${lines}`;
    default:
      throw new Error(`unknown query '${query}'`);
  }
}

// logmill's TSV rule: backslash, tab, newline and CR escaped.
function tsvCell(value) {
  if (value === null) return "";
  return String(value).replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]);
}

async function main() {
  const [query, threads, ...files] = process.argv.slice(2);
  if (!query || !(Number(threads) >= 1) || files.length === 0) {
    throw new Error("usage: node duckdb.mjs QUERY THREADS FILE...");
  }
  const instance = await DuckDBInstance.create(":memory:", { threads: String(threads) });
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(querySql(query, files));
  const out = reader.getRows().map((row) => row.map(tsvCell).join("\t") + "\n");
  process.stdout.write(out.join(""));
}

main().catch((error) => {
  process.stderr.write(`duckdb.mjs: ${error.message}\n`);
  process.exit(1);
});
