// The PAI-EAS tutorial (../shared/seed), every step as a new user types it: init, the
// tutorial's app.py, the local test with curl, pack -u, app.json edited as the tutorial
// says, create, curl with the token, scale to 3, delete.
import { execFile, spawn } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { freePort, useCliServer } from "../helpers/cli-server.js";
import { REPO, runCli } from "../cli/helpers.js";

const t = useCliServer("tutorial");
const easel = (args: string[], cwd = t.work) => runCli(args, { env: { EASEL_HOME: t.home }, cwd, timeoutMs: 300_000 });
const curl = async (...args: string[]) => (await promisify(execFile)("curl", ["-s", "-w", "\n%{http_code}", ...args], { encoding: "utf8" })).stdout;

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the PAI-EAS tutorial, end to end", () => {
  const dir = () => join(t.work, "pai-eas-tutorial");
  let target = "";
  let token = "";

  it("Step 1: pysdk init pai-eas-tutorial/", async () => {
    const r = await easel(["pysdk", "init", "pai-eas-tutorial/"]);
    expect(r.code, r.stderr).toBe(0);
    // Step 2: the user replaces app.py with the tutorial's processor.
    copyFileSync(join(REPO, "examples", "tutorial", "app.py"), join(dir(), "app.py"));
  }, 300_000);

  it("Step 3: the local test the tutorial calls broken works: ./ENV/bin/python app.py, then curl /test", async () => {
    const port = await freePort();
    const child = spawn("./ENV/bin/python", ["app.py"], { cwd: dir(), env: { ...process.env, EASEL_LOCAL_PORT: String(port) }, stdio: "ignore" });
    try {
      const out = await until("local server", async () => {
        const o = await curl(`http://127.0.0.1:${port}/test`, "-d", "2 105");
        return o.endsWith("200") ? o : undefined;
      });
      expect(out).toBe("False\n200");
      expect(await curl(`http://127.0.0.1:${port}/api/predict/service_name`, "-d", "2 104")).toBe("True\n200");
    } finally {
      child.kill();
    }
  }, 60_000);

  it("Step 4: pysdk pack -u ./pai-eas-tutorial/ prints the target path", async () => {
    const r = await easel(["pysdk", "pack", "-u", "./pai-eas-tutorial/", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    target = (JSON.parse(r.stdout) as { target_path: string }).target_path;
    expect(target).toMatch(/^easel:\/\/blobs\/[0-9a-f]{64}$/);
  }, 120_000);

  it("Step 4: create app.json (edited as the tutorial says) prints endpoint and token, then waits until running", async () => {
    writeFileSync(
      join(t.work, "app.json"),
      JSON.stringify({
        name: "pai_eas_tutorial_04",
        processor_entry: "./app.py",
        processor_type: "python",
        processor_path: target,
        metadata: { region: "cn-hangzhou", instance: 1, memory: 2000, "rpc.keepalive": 10000, resource: "resource_id", cpu: 1 },
      }),
    );
    const r = await easel(["create", "app.json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${t.server.url}/api/predict/pai_eas_tutorial_04`);
    expect(r.stdout).toMatch(/\[OK\] Service is running/);
    const desc = JSON.parse((await easel(["desc", "pai_eas_tutorial_04", "--json"])).stdout) as { token: string; status: string };
    expect(desc.status).toBe("Running");
    token = desc.token;
    expect(r.stdout).toContain(token);
  }, 120_000);

  it("Step 5: curl with the token", async () => {
    const ep = `${t.server.url}/api/predict/pai_eas_tutorial_04`;
    expect(await curl(ep, "-H", `Authorization: ${token}`, "-d", "2 105")).toBe("False\n200");
    expect(await curl(ep, "-H", `Authorization: ${token}`, "-d", "2 104")).toBe("True\n200");
    expect(await curl(ep, "-H", "Authorization: not-the-token", "-d", "2 104")).toMatch(/"code":"Unauthorized".*\n401$/);
  });

  it("scales to 3 instances and keeps answering", async () => {
    const r = await easel(["modify", "pai_eas_tutorial_04", "-Dmetadata.instance=3"]);
    expect(r.code, r.stderr).toBe(0);
    await until("3 running instances", async () => {
      const d = JSON.parse((await easel(["desc", "pai_eas_tutorial_04", "--json"])).stdout) as { running_instances: number };
      return d.running_instances === 3 ? true : undefined;
    });
    const ep = `${t.server.url}/api/predict/pai_eas_tutorial_04`;
    const answers = await Promise.all(Array.from({ length: 30 }, () => curl(ep, "-H", `Authorization: ${token}`, "-d", "2 104")));
    expect(new Set(answers)).toEqual(new Set(["True\n200"]));
    const versions = JSON.parse((await easel(["versions", "pai_eas_tutorial_04", "--json"])).stdout) as unknown[] | { versions: unknown[] };
    expect(Array.isArray(versions) ? versions.length : versions.versions.length).toBe(1); // scaling is not a new version
  }, 120_000);

  it("delete removes it; the endpoint then answers 404", async () => {
    const r = await easel(["delete", "pai_eas_tutorial_04", "--yes"]);
    expect(r.code, r.stderr).toBe(0);
    expect(await curl(`${t.server.url}/api/predict/pai_eas_tutorial_04`, "-H", `Authorization: ${token}`, "-d", "2 104")).toMatch(/\n404$/);
  }, 60_000);
});
