// Easel's benchmark suite (`npm run bench -- [options]`): every number is a ratio (or an
// absolute target with a baseline for context) measured in the same run on the same
// machine, because the machine is shared and noisy. See docs/bench.md.
//
//   --quick            short runs, the scenarios marked quick (default)
//   --full             longer runs, every scenario (peers included)
//   --smoke            the shortest run of every quick scenario, for CI: every answer is
//                      still checked; targets are not judged (the numbers mean little)
//   --only a,b         just these scenarios (any mode)
//   --out FILE         raw results (default bench/results/<timestamp>.json)
//   --no-build         do not run `npm run build` first (use dist/ as it is)
//   --no-pin           do not pin wrk and the servers to different CPUs
//   --profile          write node --cpu-prof profiles of the Easel server (gateway scenario)
//   --seconds N --rounds N --warmup N   override the durations
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus as osCpus, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { planCpus } from "./lib/cpus.js";
import { REPO } from "./lib/easel.js";
import { formatTable, type Ctx, type Durations, type Row, type Scenario } from "./lib/report.js";
import { batching } from "./scenarios/batching.js";
import { coldStart } from "./scenarios/coldstart.js";
import { gateway } from "./scenarios/gateway.js";
import { memory } from "./scenarios/memory.js";
import { peers } from "./scenarios/peers.js";

const SCENARIOS: Scenario[] = [gateway, peers, coldStart, memory, batching];

const DURATIONS: Record<Ctx["mode"], Durations> = {
  quick: { warmup: 1, seconds: 3, rounds: 2 },
  full: { warmup: 2, seconds: 8, rounds: 3 },
  smoke: { warmup: 0, seconds: 1, rounds: 1 },
};

interface Options {
  mode: Ctx["mode"];
  only?: string[];
  out?: string;
  build: boolean;
  pin: boolean;
  profile: boolean;
  seconds?: number;
  rounds?: number;
  warmup?: number;
}

function usage(): never {
  const names = SCENARIOS.map((s) => `${s.name}${s.quick ? "" : " (--full)"}`).join(", ");
  process.stderr.write(
    `usage: npm run bench -- [--quick|--full|--smoke] [--only a,b] [--out FILE] [--no-build] [--no-pin] [--profile] [--seconds N] [--rounds N] [--warmup N]\nscenarios: ${names}\n`,
  );
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const o: Options = { mode: "quick", build: true, pin: true, profile: false };
  const num = (v: string | undefined, flag: string) => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${flag} expects a number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--quick":
        o.mode = "quick";
        break;
      case "--full":
        o.mode = "full";
        break;
      case "--smoke":
        o.mode = "smoke";
        break;
      case "--only":
        o.only = (value() ?? "").split(",").map((s) => s.trim()).filter(Boolean);
        break;
      case "--out":
        o.out = value();
        break;
      case "--no-build":
        o.build = false;
        break;
      case "--no-pin":
        o.pin = false;
        break;
      case "--profile":
        o.profile = true;
        break;
      case "--seconds":
        o.seconds = num(value(), flag);
        break;
      case "--rounds":
        o.rounds = Math.max(1, Math.round(num(value(), flag)));
        break;
      case "--warmup":
        o.warmup = num(value(), flag);
        break;
      case "-h":
      case "--help":
        usage();
        break;
      default:
        process.stderr.write(`unknown option ${a}\n`);
        usage();
    }
  }
  return o;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, "-");
}

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const selected = opts.only
    ? opts.only.map((n) => {
        const s = SCENARIOS.find((x) => x.name === n);
        if (!s) throw new Error(`unknown scenario "${n}" (have: ${SCENARIOS.map((x) => x.name).join(", ")})`);
        return s;
      })
    : SCENARIOS.filter((s) => opts.mode === "full" || s.quick);
  const t0 = Date.now();

  if (spawnSync("wrk", ["--version"]).error) throw new Error("wrk not found (apt-get install wrk)");
  if (opts.build) {
    log("building (npm run build)...");
    try {
      execFileSync("npm", ["run", "build"], { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });
    } catch (e) {
      if (!existsSync(join(REPO, "dist", "cli", "main.js"))) throw new Error(`npm run build failed and there is no dist/: ${String(e)}`);
      log(`warning: npm run build failed; benchmarking the existing dist/ (${String((e as { stderr?: Buffer }).stderr ?? e).split("\n")[0]})`);
    }
  }

  const started = stamp();
  const workDir = join(REPO, "bench", "results", `${started}-work`);
  mkdirSync(workDir, { recursive: true });
  const cpus = planCpus(!opts.pin);
  const base = DURATIONS[opts.mode];
  const dur: Durations = { warmup: opts.warmup ?? base.warmup, seconds: opts.seconds ?? base.seconds, rounds: opts.rounds ?? base.rounds };
  const ctx: Ctx = { mode: opts.mode, cpus, dur, workDir, profile: opts.profile, log };
  log(`mode ${opts.mode}: ${selected.map((s) => s.name).join(", ")}; wrk ${dur.warmup}s warm-up + ${dur.seconds}s x ${dur.rounds} round(s)`);
  log(cpus.note);

  let rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  for (const s of selected) {
    log(`\n== ${s.name}: ${s.describe}`);
    const t0 = Date.now();
    try {
      const r = await s.run(ctx);
      rows.push(...r.rows);
      raw[s.name] = r.raw;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      log(`  ${s.name} failed: ${e instanceof Error ? (e.stack ?? msg) : msg}`);
      rows.push({ scenario: s.name, metric: "-", unit: "", target: "-", status: "error", note: msg.split("\n")[0] });
      raw[s.name] = { error: msg };
    }
    log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }

  if (opts.mode === "smoke") {
    // One-second runs say nothing about the targets: only the answers are judged.
    rows = rows.map((r) => (r.pass === undefined || r.status ? r : { ...r, pass: undefined, target: `(${r.target})` }));
  }
  const table = formatTable(rows);
  const header = [
    `Easel bench, ${opts.mode}, ${new Date().toISOString()}, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    `machine: ${osCpus().length} x ${osCpus()[0]?.model ?? "?"}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB, node ${process.version}`,
    cpus.note,
    `wrk: ${dur.warmup}s warm-up + ${dur.seconds}s measured, ${dur.rounds} round(s) per side; ${dur.rounds >= 2 ? "median (min–max)" : "one round: no spread"}`,
    ...(opts.mode === "smoke" ? ["smoke run: every answer checked; the numbers are too short to mean much, targets in parentheses are not judged"] : []),
  ].join("\n");
  process.stdout.write(`\n${header}\n\n${table}\n`);

  const out = resolve(opts.out ?? join(REPO, "bench", "results", `${started}.json`));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ started, mode: opts.mode, machine: { cpus: osCpus().length, model: osCpus()[0]?.model, node: process.version }, pinning: cpus, durations: dur, rows, raw }, null, 2)}\n`,
  );
  process.stdout.write(`\nraw results: ${out}\nserver logs: ${workDir}\n`);
  return rows.some((r) => r.status === "error") ? 1 : 0;
}

// Exit code: 1 when a scenario crashed or any answer was wrong or failed (every server is
// checked before it is measured, and every answer under load); a missed target is not an
// error (exit 0, the table says FAIL).
//
// Scenarios clean up in finally blocks; a Ctrl-C still ends our children with us.
process.on("SIGINT", () => process.exit(130));

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
