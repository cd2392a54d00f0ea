// c. create -> Running for a trivial Python processor through the admin API (poll GET
// service until Running), median of 5. Context: python3 -c 'import allspark', same run.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO, startEasel } from "../lib/easel.js";
import { median, type Ctx, type Scenario, type ScenarioResult } from "../lib/report.js";

const SAMPLES = 5;
/** --smoke: just enough to see it work. */
const SMOKE_SAMPLES = 2;
const TRIVIAL_DIR = join(REPO, "bench", "processors", "trivial");

function pythonImportSeconds(): number {
  const t0 = performance.now();
  const r = spawnSync("python3", ["-c", "import allspark"], {
    env: { ...process.env, PYTHONPATH: join(REPO, "sdk", "python"), PYTHONDONTWRITEBYTECODE: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const dt = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`python3 -c 'import allspark' failed: ${r.stderr.toString()}`);
  return dt;
}

export const coldStart: Scenario = {
  name: "coldstart",
  quick: true,
  describe: `create -> Running of a trivial Python processor (median of ${SAMPLES})`,
  async run(ctx: Ctx): Promise<ScenarioResult> {
    const n = ctx.mode === "smoke" ? SMOKE_SAMPLES : SAMPLES;
    const easel = await startEasel({ cpus: ctx.cpus.server, logFile: join(ctx.workDir, "coldstart-easel.log") });
    const samples: { name: string; create_ms: number; running_ms: number }[] = [];
    try {
      for (let i = 0; i < n; i++) {
        const name = `cold${i}`;
        const t0 = performance.now();
        await easel.create({ name, processor_type: "python", processor_entry: "./app.py", processor_path: TRIVIAL_DIR, metadata: { instance: 1 } });
        const created = performance.now();
        await easel.waitRunning(name, 60_000, 5);
        const running = performance.now();
        samples.push({ name, create_ms: created - t0, running_ms: running - t0 });
        ctx.log(`  ${name}: POST answered in ${(created - t0).toFixed(0)} ms, Running after ${(running - t0).toFixed(0)} ms`);
        await easel.remove(name);
      }
    } finally {
      await easel.stop();
    }
    const imports: number[] = [];
    for (let i = 0; i < n; i++) imports.push(pythonImportSeconds());
    const m = median(samples.map((s) => s.running_ms)) / 1000;
    const py = median(imports);
    return {
      rows: [
        {
          scenario: "coldstart",
          metric: `create -> Running (median of ${n})`,
          unit: "s",
          easel: m,
          baseline: py,
          baselineLabel: "python3 -c 'import allspark'",
          target: "<= 1.5 s",
          pass: m <= 1.5,
          note: `first sample (packs and unpacks the folder) ${(samples[0]!.running_ms / 1000).toFixed(3)} s; min ${(Math.min(...samples.map((s) => s.running_ms)) / 1000).toFixed(3)} s, max ${(Math.max(...samples.map((s) => s.running_ms)) / 1000).toFixed(3)} s`,
        },
      ],
      raw: { samples, python_import_s: imports },
    };
  },
};
