// The tutorial's workflow through the CLI: pysdk init (a real venv with the SDK), the
// local test of app.py, then create app.json right away and call the service.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, useCliServer } from "../helpers/cli-server.js";
import { appPy } from "../../src/cli/templates/app-py.js";
import { runCli } from "./helpers.js";

const t = useCliServer("pysdk");
const easel = (args: string[]) => runCli(args, { env: { EASEL_HOME: t.home }, cwd: t.work, timeoutMs: 300_000 });

describe("pysdk init → local test → create → predict", () => {
  it("init writes the tutorial's app.py, an app.json for this folder and an ENV where allspark imports", async () => {
    const r = await easel(["pysdk", "init", "pai-eas-tutorial"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[OK\] Created pai-eas-tutorial\/app.py/);
    expect(r.stdout).toMatch(/"import allspark" works/);
    const dir = join(t.work, "pai-eas-tutorial");
    expect(readFileSync(join(dir, "app.py"), "utf8")).toBe(appPy());
    expect(JSON.parse(readFileSync(join(dir, "app.json"), "utf8"))).toMatchObject({ name: "pai_eas_tutorial", processor_path: "./", processor_type: "python" });
    expect(existsSync(join(dir, "ENV", "bin", "python"))).toBe(true);
    // Re-running keeps the files and the ENV.
    const again = await easel(["pysdk", "init", "pai-eas-tutorial", "--json"]);
    expect(JSON.parse(again.stdout)).toMatchObject({ files: [] });
  }, 300_000);

  it("the generated app.py answers the tutorial's local test", async () => {
    const dir = join(t.work, "pai-eas-tutorial");
    const port = await freePort();
    const child = spawn(join(dir, "ENV", "bin", "python"), ["app.py"], { cwd: dir, env: { ...process.env, EASEL_LOCAL_PORT: String(port) }, stdio: "ignore" });
    try {
      let answer = "";
      for (let i = 0; i < 100 && !answer; i++) {
        try {
          answer = await (await fetch(`http://127.0.0.1:${port}/test`, { method: "POST", body: "2 105" })).text();
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      expect(answer).toBe("False");
    } finally {
      child.kill();
    }
  }, 60_000);

  it("create app.json works right after init (the folder is packed and uploaded), and the service answers", async () => {
    const r = await easel(["create", "pai-eas-tutorial/app.json", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: "pai_eas_tutorial", status: "Running" });
    expect((await easel(["predict", "pai_eas_tutorial", "-d", "2 105"])).stdout).toBe("False");
    expect((await easel(["predict", "pai_eas_tutorial", "-d", "2 104"])).stdout).toBe("True");
  }, 300_000);
});
