// The TypeScript processor workflow through the CLI: init --lang ts, the local test with
// `easel dev` (same node worker as the server), then create app.json and call the service.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, useCliServer } from "../helpers/cli-server.js";
import { route } from "../../src/cli/commands/dev.js";
import { INDEX_TS } from "../../src/cli/templates/app-ts.js";
import { REPO, runCli } from "./helpers.js";

const t = useCliServer("init");
const easel = (args: string[]) => runCli(args, { env: { EASEL_HOME: t.home }, cwd: t.work });

/** `easel dev DIR` as a long-running child; resolves once it serves (or rejects with its output when it exits). */
async function startDev(dir: string, port: number): Promise<{ child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [`${REPO}bin/easel.js`, "dev", dir], { cwd: t.work, env: { ...process.env, EASEL_HOME: t.home, EASEL_LOCAL_PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  let done = false;
  void exited.then(() => (done = true));
  for (let i = 0; i < 200 && !done && !/\[OK\] Serving/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
  if (!/\[OK\] Serving/.test(out)) {
    child.kill("SIGKILL");
    throw new Error(`easel dev did not start:\n${out}`);
  }
  return { child, output: () => out, exited };
}

const post = async (url: string, body: string) => {
  const r = await fetch(url, { method: "POST", body });
  return { status: r.status, text: await r.text() };
};

describe("init --lang ts → dev → create → predict", () => {
  it("init --lang ts writes index.ts, app.json (processor_type node), package.json and a README", async () => {
    const r = await easel(["init", "--lang", "ts", "ts-tutorial"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[OK\] Created ts-tutorial\/index.ts/);
    expect(r.stdout).toMatch(/easel dev ts-tutorial/);
    const dir = join(t.work, "ts-tutorial");
    expect(readFileSync(join(dir, "index.ts"), "utf8")).toBe(INDEX_TS);
    expect(JSON.parse(readFileSync(join(dir, "app.json"), "utf8"))).toEqual({
      name: "ts_tutorial",
      processor_entry: "./index.ts",
      processor_type: "node",
      processor_path: "./",
      metadata: { instance: 1 },
    });
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))).toMatchObject({ type: "module" });
    expect(readFileSync(join(dir, "README.md"), "utf8")).toMatch(/easel dev \./);
    // Re-running keeps what is there.
    const again = await easel(["init", "--lang", "ts", "ts-tutorial", "--json"]);
    expect(JSON.parse(again.stdout)).toMatchObject({ lang: "ts", name: "ts_tutorial", files: [] });
  });

  it("init: an unknown --lang is one line; --lang python is pysdk init", async () => {
    const bad = await easel(["init", "--lang", "rust", "x"]);
    expect(bad).toMatchObject({ code: 1, stderr: 'easel: --lang expects python or ts, got "rust"\n' });
    const py = await easel(["init", "py-proj", "--python", "/nonexistent/python3"]);
    expect(py.code).toBe(1);
    expect(py.stderr).toMatch(/\/nonexistent\/python3/);
    expect(existsSync(join(t.work, "py-proj"))).toBe(false); // pysdk init fails before writing
  });

  it("dev serves the generated index.ts on /test and /api/predict/<any>, like allspark's local mode", async () => {
    const port = await freePort();
    const dev = await startDev("ts-tutorial", port);
    try {
      const base = `http://127.0.0.1:${port}`;
      expect(await post(`${base}/test`, "2 105")).toEqual({ status: 200, text: "False" });
      expect(await post(`${base}/api/predict/anything`, "2 104")).toEqual({ status: 200, text: "True" });
      const bad = await post(`${base}/test`, "oops");
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.text)).toMatchObject({ code: "ProcessorError", message: 'Error: expected two numbers "x y", got "oops"' });
      expect((await post(`${base}/nope`, "x")).status).toBe(404);
      expect(dev.output()).toMatch(/process\(\) raised: Error: expected two numbers/); // the stack goes to the console
    } finally {
      dev.child.kill("SIGTERM");
    }
    expect(await dev.exited).toBe(0);
    expect(dev.output()).toMatch(/\[OK\] Stopped \(SIGTERM\)/);
  }, 30_000);

  it("dev reports a failing initialize() and exits 1", async () => {
    const dir = join(t.work, "broken-ts");
    mkdirSync(dir);
    writeFileSync(join(dir, "index.ts"), 'export function initialize(): void {\n  throw new Error("no weights here");\n}\nexport function process(d: Buffer): Buffer {\n  return d;\n}\n');
    const r = await runCli(["dev", "broken-ts"], { env: { EASEL_HOME: t.home, EASEL_LOCAL_PORT: String(await freePort()) }, cwd: t.work });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^easel: initialize\(\) failed: Error: no weights here$/m);
    const none = await easel(["dev", "."]);
    expect(none.stderr).toMatch(/^easel: no processor in .*: expected app.json, or one of index.ts/);
  }, 30_000);

  it("create app.json works right after init (the folder with index.ts is packed and uploaded), and the service answers", async () => {
    const r = await easel(["create", "ts-tutorial/app.json", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: "ts_tutorial", status: "Running" });
    expect((await easel(["predict", "ts_tutorial", "-d", "2 105"])).stdout).toBe("False");
    expect((await easel(["predict", "ts_tutorial", "-d", "2 104"])).stdout).toBe("True");
  }, 60_000);
});

describe("dev routes", () => {
  it("match allspark's local mode", () => {
    expect(route("/test")).toBe("");
    expect(route("/test/")).toBe("");
    expect(route("/test/a/b")).toBe("a/b");
    expect(route("/api/predict/x")).toBe("");
    expect(route("/api/predict/x/sub")).toBe("sub");
    expect(route("/api/predict/")).toBeUndefined();
    expect(route("/other")).toBeUndefined();
  });
});
