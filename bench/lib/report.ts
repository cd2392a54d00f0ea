// Scenario interface, result rows and the printed table.
import type { CpuPlan } from "./cpus.js";

export interface Row {
  scenario: string;
  metric: string;
  unit: string;
  easel?: number;
  baseline?: number;
  /** min and max over the rounds (shown as "median (min–max)" when there are >= 2). */
  easelRange?: Range;
  baselineRange?: Range;
  /** What the baseline column is (e.g. "bare node:http", "best peer: litserve"). */
  baselineLabel?: string;
  /** easel / baseline, when that is what the target is about. */
  ratio?: number;
  target: string;
  /** undefined: for information only (no target). */
  pass?: boolean;
  /** "skipped: <reason>" or "error: <message>" rows have no numbers. */
  status?: "skipped" | "error";
  note?: string;
}

/** min, max and how many values. */
export interface Range {
  min: number;
  max: number;
  n: number;
}

export interface Durations {
  /** Unmeasured wrk warm-up before each measured run (s). */
  warmup: number;
  /** Measured wrk run (s). */
  seconds: number;
  /** Easel/baseline measured alternately this many times; the median is reported. */
  rounds: number;
}

export interface Ctx {
  /** smoke: the shortest run of every quick scenario, for CI (checks answers, numbers mean little). */
  mode: "quick" | "full" | "smoke";
  cpus: CpuPlan;
  dur: Durations;
  /** Folder for this run's server logs and profiles. */
  workDir: string;
  /** Write node --cpu-prof profiles of the Easel server into workDir/profiles. */
  profile: boolean;
  log(msg: string): void;
}

export interface ScenarioResult {
  rows: Row[];
  raw: unknown;
}

export interface Scenario {
  name: string;
  /** Runs in --quick by default (every scenario runs in --full). */
  quick: boolean;
  describe: string;
  run(ctx: Ctx): Promise<ScenarioResult>;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function range(xs: number[]): Range {
  return { min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** Median and range of one field over several runs. */
export function stat<T>(runs: T[], f: (r: T) => number): { median: number; range: Range } {
  const xs = runs.map(f);
  return { median: median(xs), range: range(xs) };
}

/** A number for the table: 3 significant digits, thousands separated (35,900; 4.82; 0.913). */
export function num(v: number): string {
  const a = Math.abs(v);
  if (a >= 1000) {
    const p = 10 ** (Math.floor(Math.log10(a)) - 2);
    return (Math.round(v / p) * p).toLocaleString("en-US", { maximumFractionDigits: 0 });
  }
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return v.toFixed(digits);
}

function fmt(v: number | undefined, unit: string, r?: Range): string {
  if (v === undefined || Number.isNaN(v)) return "-";
  const spread = r && r.n >= 2 ? ` (${num(r.min)}–${num(r.max)})` : "";
  return `${num(v)} ${unit}${spread}`;
}

export function formatTable(rows: Row[]): string {
  const head = ["scenario", "metric", "Easel", "baseline", "ratio", "target", "result"];
  const body = rows.map((r) => {
    const result = r.status ?? (r.pass === undefined ? "info" : r.pass ? "PASS" : "FAIL");
    const baseline = r.baseline === undefined ? "-" : `${fmt(r.baseline, r.unit, r.baselineRange)}${r.baselineLabel ? `, ${r.baselineLabel}` : ""}`;
    const ratio = r.ratio === undefined || Number.isNaN(r.ratio) ? "-" : `${r.ratio.toFixed(2)}x`;
    return [r.scenario, r.metric, fmt(r.easel, r.unit, r.easelRange), baseline, ratio, r.target, result];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const out = [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.scenario} / ${r.metric}: ${r.note}`);
  return [...out, ...(notes.length ? ["", ...notes] : [])].join("\n");
}
