/**
 * The benches' figures as JSON, for `npm run bench:all` (bench/all.mjs) and for anyone reading a run
 * later. Each bench writes one file (bench/out/<bench>.json, or the path given by `--json=<path>`)
 * holding its raw rows and a list of `figures`: each one a measured value next to its target and
 * verdict ("met" or "missed"), judged here so that every bench judges alike.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../../scripts/lib/wrangler.mjs";

export const OUT = path.join(ROOT, "bench", "out");

/** Where a bench writes its figures: `--json=<path>` among `argv` (relative to the working directory), else bench/out/<name>.json. */
export function resultsPath(name, argv = process.argv.slice(2)) {
  const given = argv.find((arg) => arg.startsWith("--json="))?.slice(7);
  return given ? path.resolve(given) : path.join(OUT, `${name}.json`);
}

const COMPARE = { "<": (value, limit) => value < limit, "<=": (value, limit) => value <= limit, ">=": (value, limit) => value >= limit };

/**
 * One measured figure: `value` in `unit` against the target `op limit` (`op` "<", "<=" or ">="), or
 * informational when `limit` is undefined (verdict null). A value not measured (null) misses its
 * target. Values are judged as given and written rounded to 0.01.
 */
export function figure(name, value, { unit = "ms", op = "<=", limit, note } = {}) {
  const measured = typeof value === "number" && Number.isFinite(value);
  // Judged on the value as measured, then rounded for the file.
  const judged = limit === undefined ? null : measured && COMPARE[op](value, limit) ? "met" : "missed";
  return { name, value: measured ? Math.round(value * 100) / 100 : null, unit, target: limit === undefined ? null : `${op} ${limit}${unit === "x" ? "x" : ` ${unit}`}`, verdict: judged, ...(note && { note }) };
}

/** "met" when every judged figure met its target (informational ones aside), else "missed". */
export function verdictOf(figures) {
  return figures.every((entry) => entry.verdict !== "missed") ? "met" : "missed";
}

/**
 * JSON indented by two spaces, except that an object or array whose one-line form (spaced as
 * `{ "key": value, … }`) fits in `width` characters stays on one line: a figure reads as one line.
 */
export function readableJson(value, width = 180) {
  const plain = JSON.parse(JSON.stringify(value)); // toJSON applied, undefined dropped
  const flat = (item) => {
    if (item === null || typeof item !== "object") return JSON.stringify(item);
    if (Array.isArray(item)) return `[${item.map(flat).join(", ")}]`;
    const entries = Object.entries(item);
    return entries.length === 0 ? "{}" : `{ ${entries.map(([key, entry]) => `${JSON.stringify(key)}: ${flat(entry)}`).join(", ")} }`;
  };
  const render = (item, indent) => {
    const line = flat(item);
    if (item === null || typeof item !== "object" || indent.length + line.length <= width) return line;
    const inner = `${indent}  `;
    if (Array.isArray(item)) return `[\n${item.map((entry) => inner + render(entry, inner)).join(",\n")}\n${indent}]`;
    return `{\n${Object.entries(item).map(([key, entry]) => `${inner}${JSON.stringify(key)}: ${render(entry, inner)}`).join(",\n")}\n${indent}}`;
  };
  return `${render(plain, "")}\n`;
}

/** Writes `record` as readable JSON to `file` (creating its folder); never throws, as it also runs when a bench is failing. */
export function writeJson(file, record) {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, readableJson(record));
    return true;
  } catch (err) {
    console.error(`bench: could not write ${file}: ${err.message}`);
    return false;
  }
}

/**
 * Writes a bench's results: `{ bench, at, mode, verdict, figures, ...details }` to resultsPath(name).
 * `figures` come from figure(); `details` are the bench's own rows and settings. Answers the path.
 */
export function writeResults(name, { mode = "full", figures, ...details }, argv = process.argv.slice(2)) {
  const file = resultsPath(name, argv);
  writeJson(file, { bench: name, at: new Date().toISOString(), mode, verdict: verdictOf(figures), figures, ...details });
  const relative = path.relative(process.cwd(), file);
  console.log(`bench: figures in ${relative.startsWith("..") ? file : relative}`);
  return file;
}
