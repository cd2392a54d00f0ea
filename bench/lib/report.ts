// Scenario interface, result rows and the printed table.
import type { CpuPlan } from "./cpus.js";

export interface Row {
  scenario: string;
  metric: string;
  unit: string;
  easel?: number;
  baseline?: number;
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

export interface Durations {
  /** Unmeasured wrk warm-up before each measured run (s). */
  warmup: number;
  /** Measured wrk run (s). */
  seconds: number;
  /** Easel/baseline measured alternately this many times; the median is reported. */
  rounds: number;
}

export interface Ctx {
  mode: "quick" | "full";
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

function fmt(v: number | undefined, unit: string): string {
  if (v === undefined || Number.isNaN(v)) return "-";
  const digits = Math.abs(v) >= 1000 ? 0 : Math.abs(v) >= 100 ? 1 : Math.abs(v) >= 10 ? 2 : 3;
  return `${v.toFixed(digits)} ${unit}`;
}

export function formatTable(rows: Row[]): string {
  const head = ["scenario", "metric", "Easel", "baseline", "ratio", "target", "result"];
  const body = rows.map((r) => {
    const result = r.status ?? (r.pass === undefined ? "info" : r.pass ? "PASS" : "FAIL");
    const baseline = r.baseline === undefined ? "-" : `${fmt(r.baseline, r.unit)}${r.baselineLabel ? ` (${r.baselineLabel})` : ""}`;
    const ratio = r.ratio === undefined || Number.isNaN(r.ratio) ? "-" : `${r.ratio.toFixed(2)}x`;
    return [r.scenario, r.metric, fmt(r.easel, r.unit), baseline, ratio, r.target, result];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const out = [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.scenario} / ${r.metric}: ${r.note}`);
  return [...out, ...(notes.length ? ["", ...notes] : [])].join("\n");
}
