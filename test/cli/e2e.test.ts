// Every command as a user runs it (`node bin/easel.js ...` in a subprocess) against a
// real server started in this process on a free port, with --json parsed.
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/index.js";
import { ensureBuilt } from "./build.js";
import { REPO, runCli } from "./helpers.js";

let server: RunningServer;
let home: string;
let work: string;
const easel = (args: string[], opts: { stdin?: string } = {}) => runCli(args, { env: { EASEL_HOME: home }, cwd: work, ...opts });
const json = <T>(r: { code: number; stdout: string; stderr: string }): T => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};

interface Desc {
  name: string;
  status: string;
  instance: number;
  running_instances: number;
  endpoint: string;
  token: string;
  version: number;
  config: Record<string, unknown>;
  instances: { id: string; ready: boolean; pid: number | null }[];
}

beforeAll(async () => {
  ensureBuilt();
  home = mkdtempSync(join(tmpdir(), "easel-cli-e2e-home-"));
  work = mkdtempSync(join(tmpdir(), "easel-cli-e2e-work-"));
  server = await startServer({ home, port: 0, logLevel: "silent" });
  // A project folder as a user has it: the echo processor next to its app.json.
  cpSync(join(REPO, "test/fixtures/processors/echo"), join(work, "echo"), { recursive: true });
  writeFileSync(
    join(work, "echo.json"),
    JSON.stringify({ name: "cli_echo", processor_entry: "./app.py", processor_type: "python", processor_path: "./echo", metadata: { instance: 1, "rpc.keepalive": 10000 } }),
  );
}, 180_000);

afterAll(async () => {
  await server?.close();
  for (const d of [home, work]) if (d) rmSync(d, { recursive: true, force: true });
});

describe("easel CLI against a real server", () => {
  it("lists nothing at first", async () => {
    expect(json<unknown[]>(await easel(["list", "--json"]))).toEqual([]);
    const human = await easel(["ls"]);
    expect(human).toMatchObject({ code: 0 });
    expect(human.stdout).toMatch(/No services yet/);
  });

  it("create packs the local folder, uploads it, prints endpoint and token, waits until running", async () => {
    const r = await easel(["create", "echo.json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/\|\s+Endpoint \| http:\/\/127\.0\.0\.1:\d+\/api\/predict\/cli_echo/);
    expect(out).toMatch(/\|\s+Token \| \S+/);
    expect(out).toMatch(/\[OK\] Uploaded processor_path → easel:\/\/blobs\/[0-9a-f]{64}/);
    expect(out).toMatch(/\[OK\] Waiting \[Total: 1, Pending: 1, Running: 0\]/);
    expect(out.trimEnd().split("\n").at(-1)).toBe("[OK] Service is running");
    expect(out.indexOf("Endpoint")).toBeLessThan(out.indexOf("[OK] Waiting"));
  });

  it("desc, list, w answer with the VISION keys", async () => {
    const d = json<Desc>(await easel(["desc", "cli_echo", "--json"]));
    for (const k of ["name", "status", "instance", "running_instances", "endpoint", "token", "version", "config", "instances"]) expect(d).toHaveProperty(k);
    expect(d).toMatchObject({ name: "cli_echo", status: "Running", instance: 1, running_instances: 1, version: 1 });
    expect(String(d.config.processor_path)).toMatch(/^easel:\/\/blobs\//);
    expect(d.instances).toHaveLength(1);
    const human = await easel(["desc", "cli_echo"]);
    expect(human.stdout).toMatch(/AccessToken \| /);
    expect(human.stdout).toContain(d.token);

    const list = await easel(["list"]);
    expect(list.stdout).toMatch(/SERVICENAME \| INSTANCE \|\s+CREATETIME\s+\|\s+UPDATETIME\s+\| STATUS\s+\|\s+SERVICEPATH/);
    expect(list.stdout).toMatch(/\| cli_echo\s+\|\s+1 \| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \| .* \| Running \| \/api\/predict\/cli_echo\s+\|/);
    expect(json<Desc[]>(await easel(["ls", "--json"])).map((s) => s.name)).toEqual(["cli_echo"]);

    const w = json<Desc["instances"]>(await easel(["w", "cli_echo", "--json"]));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ ready: true });
    expect((await easel(["w", "cli_echo"])).stdout).toMatch(/NAME.*STARTEDAT.*RESTARTS.*STATUS.*READY.*LASTSTATE/);
  });

  it("predict sends the body with the service token", async () => {
    const r = await easel(["predict", "cli_echo", "-d", "2 105"]);
    expect(r).toMatchObject({ code: 0, stdout: "2 105" });
    expect(json<{ status: number; body: string }>(await easel(["predict", "cli_echo", "-d", "hello", "--json"]))).toMatchObject({ status: 200, body: "hello" });
    writeFileSync(join(work, "body.bin"), "from a file");
    expect((await easel(["predict", "cli_echo", "-f", "body.bin"])).stdout).toBe("from a file");
    expect((await easel(["predict", "cli_echo"], { stdin: "from stdin" })).stdout).toBe("from stdin");
    const raised = await easel(["predict", "cli_echo", "-d", "raise"]);
    expect(raised.code).toBe(1);
    expect(raised.stderr).toMatch(/^easel: service "cli_echo" answered HTTP 400: .*asked to raise/);
    const badToken = await easel(["predict", "cli_echo", "-d", "x", "--token", "wrong"]);
    expect(badToken.stderr).toMatch(/answered HTTP 401/);
  });

  it("modify -D scales; another field makes a new version; versions, rollback, version switch", async () => {
    const scaled = json<Desc>(await easel(["modify", "cli_echo", "-Dmetadata.instance=2", "--json"]));
    expect(scaled).toMatchObject({ instance: 2, running_instances: 2, version: 1 });
    const v2 = json<Desc>(await easel(["modify", "cli_echo", "-Dmetadata.rpc.keepalive=20000", "--json"]));
    expect(v2.version).toBe(2);
    expect((v2.config.metadata as Record<string, unknown>)["rpc.keepalive"]).toBe(20000);
    const versions = json<{ version: number; current: boolean }[]>(await easel(["versions", "cli_echo", "--json"]));
    expect(versions.map((v) => [v.version, v.current])).toEqual(expect.arrayContaining([[1, false], [2, true]]));
    expect((await easel(["versions", "cli_echo"])).stdout).toMatch(/VERSION.*CREATETIME.*CURRENT/);
    expect(json<Desc>(await easel(["rollback", "cli_echo", "1", "--json"])).version).toBe(1);
    const sw = await easel(["version", "cli_echo", "2"]);
    expect(sw.stdout).toMatch(/\[OK\] Service "cli_echo" switched to version 2/);
    writeFileSync(join(work, "partial.json"), JSON.stringify({ metadata: { instance: 1 } }));
    const fromFile = await easel(["modify", "cli_echo", "-s", "partial.json"]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toMatch(/\[OK\] Service is running/);
  });

  it("events, logs", async () => {
    const events = json<{ reason: string }[]>(await easel(["events", "cli_echo", "--json"]));
    expect(events.map((e) => e.reason)).toContain("Created");
    const table = (await easel(["events", "cli_echo"])).stdout;
    expect(table).toMatch(/TIME.*LEVEL.*REASON/);
    expect(table).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} *\| info *\| Created/);
    const logs = await easel(["logs", "cli_echo", "--tail", "20"]);
    expect(logs.code).toBe(0);
    expect(json<{ lines: string[] }>(await easel(["logs", "cli_echo", "--json"]))).toHaveProperty("lines");
  });

  it("stop and start", async () => {
    const stopped = json<Desc>(await easel(["stop", "cli_echo", "--json"]));
    expect(["Stopping", "Stopped"]).toContain(stopped.status);
    const started = json<Desc>(await easel(["start", "cli_echo", "--json"]));
    expect(["Creating", "Updating", "Running"]).toContain(started.status);
  });

  it("upload and pysdk pack -u print target paths", async () => {
    writeFileSync(join(work, "model.bin"), "weights");
    const up = json<{ target_path: string; size: number }>(await easel(["upload", "model.bin", "--json"]));
    expect(up).toMatchObject({ size: 7 });
    expect(up.target_path).toMatch(/^easel:\/\/blobs\/[0-9a-f]{64}$/);
    const human = await easel(["upload", "model.bin"]);
    expect(human.stdout).toContain(`target path: ${up.target_path}`);
    const pack = json<{ target_path: string; archive: string; size: number }>(await easel(["pysdk", "pack", "-u", "echo", "--json"]));
    expect(pack.archive).toBe(join(work, "echo.tar.gz"));
    expect(existsSync(pack.archive)).toBe(true);
    expect(pack.target_path).toMatch(/^easel:\/\/blobs\/[0-9a-f]{64}$/);
    expect((await easel(["pysdk", "pack", "-u", "echo"])).stdout).toContain(`target path: ${pack.target_path}`);
  });

  it("create --json prints name, endpoint, token, status only; a failing processor exits 1 with its reason", async () => {
    cpSync(join(REPO, "test/fixtures/processors/broken_init"), join(work, "broken"), { recursive: true });
    writeFileSync(join(work, "broken.json"), JSON.stringify({ name: "cli_broken", processor_entry: "./app.py", processor_type: "python", processor_path: "./broken", metadata: { instance: 1 } }));
    const r = await easel(["create", "broken.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\[FAILED\] Service failed: .*saved_models\/esim.h5 not found/);
    writeFileSync(join(work, "zero.json"), JSON.stringify({ name: "cli_zero", processor_entry: "./app.py", processor_type: "python", processor_path: "./echo", metadata: { instance: 0 } }));
    const z = json<Record<string, unknown>>(await easel(["create", "zero.json", "--json", "--no-wait"]));
    expect(Object.keys(z).sort()).toEqual(["endpoint", "name", "status", "token"]);
    expect(z.name).toBe("cli_zero");
  });

  it("reports spec problems one per line", async () => {
    writeFileSync(join(work, "bad.json"), JSON.stringify({ name: "cli_bad", processor_entry: "./app.py", processor_type: "python", processor_path: "./echo", metadata: { instance: "two" } }));
    const r = await easel(["create", "bad.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^easel: invalid service spec \(\d+ problems?\):\n {2}metadata\.instance: /);
    const m = await easel(["modify", "cli_echo", "-Dmetadata.instance=two"]);
    expect(m.stderr).toBe('easel: -Dmetadata.instance=two: metadata.instance expects a number, got "two"\n');
  });

  it("unknown service, wrong key, unreachable server: one clear line each", async () => {
    for (const cmd of [["desc", "nope"], ["delete", "nope"], ["logs", "nope"], ["predict", "nope", "-d", "x"]]) {
      const r = await easel(cmd);
      expect(r).toMatchObject({ code: 1, stderr: 'easel: service "nope" not found\n', stdout: "" });
    }
    const wrong = await easel(["-i", server.adminKey.id, "-k", "wrong", "list"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^easel: the server at http:\/\/127.0.0.1:\d+ rejected the access key ".*" \(from the -i\/-k flags\): signature does not match/);
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    const down = await easel(["-e", `127.0.0.1:${port}`, "list"]);
    expect(down.stderr).toBe(`easel: cannot reach the Easel server at http://127.0.0.1:${port} (is "easel server" running?) [ECONNREFUSED]\n`);
  });

  it("delete does not prompt without a terminal", async () => {
    expect(json<{ name: string; status: string }>(await easel(["delete", "cli_zero", "--json"]))).toEqual({ name: "cli_zero", status: "Deleted" });
    const r = await easel(["delete", "cli_broken"]);
    expect(r.stdout).toMatch(/\[OK\] Service "cli_broken" deleted/);
    expect((await easel(["desc", "cli_zero"])).stderr).toMatch(/service "cli_zero" not found/);
  });
});
