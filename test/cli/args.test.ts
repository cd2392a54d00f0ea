// Argument parsing and error reporting of main(), in process, without a server.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeConfigFile } from "../../src/cli/config.js";
import { runInProcess } from "./helpers.js";

let home: string;
let closedPort: number;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "easel-cli-args-"));
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  closedPort = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  writeConfigFile(join(home, "config.json"), { access_id: "id", access_key: "key", endpoint: `http://127.0.0.1:${closedPort}` });
});

describe("easel CLI arguments", () => {
  it("prints help and version with exit 0", async () => {
    const help = await runInProcess(["--help"]);
    expect(help.code).toBe(0);
    for (const cmd of ["config", "server", "pysdk", "create", "modify", "desc", "list|ls", "delete", "start", "stop", "w", "logs", "events", "versions", "version", "rollback", "upload", "predict"]) {
      expect(help.stdout).toContain(`  ${cmd}`);
    }
    expect((await runInProcess(["-V"])).stdout).toMatch(/^\d+\.\d+\.\d+/);
    const sub = await runInProcess(["modify", "--help"]);
    expect(sub.stdout).toContain("-D, --define <key=value>");
    expect(sub.stdout).toContain("--json");
  });

  it("rejects unknown commands and missing arguments with exit 1 and no stack", async () => {
    const r = await runInProcess(["nope"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown command 'nope'/);
    const r2 = await runInProcess(["desc"]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/missing required argument 'name'/);
    expect(r2.stderr).not.toMatch(/\n\s+at /);
  });

  it("reports an unreachable server in one line; --debug adds the stack", async () => {
    for (const args of [["list"], ["desc", "x", "--json"], ["--json", "w", "x"]]) {
      const r = await runInProcess(["--home", home, ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`easel: cannot reach the Easel server at http://127.0.0.1:${closedPort} (is "easel server" running?) [ECONNREFUSED]\n`);
      expect(r.stdout).toBe("");
    }
    const dbg = await runInProcess(["--home", home, "--debug", "list"]);
    expect(dbg.stderr).toMatch(/ServerUnreachableError: cannot reach[\s\S]*\n\s+at /);
  });

  it("global -e overrides the config endpoint; -i/-k work without a config", async () => {
    const empty = mkdtempSync(join(tmpdir(), "easel-cli-empty-"));
    const r = await runInProcess(["--home", empty, "-i", "a", "-k", "b", "-e", `127.0.0.1:${closedPort}`, "list"]);
    expect(r.stderr).toMatch(`cannot reach the Easel server at http://127.0.0.1:${closedPort}`);
    const none = await runInProcess(["--home", empty, "list"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no access key configured \(looked in .*config.json\): start "easel server"/);
  });

  it("checks files and flags before calling the server", async () => {
    const dir = mkdtempSync(join(tmpdir(), "easel-cli-files-"));
    const bad = join(dir, "app.json");
    writeFileSync(bad, '{\n  "name": "x",\n  "metadata": { "instance": 1, }\n}\n');
    let r = await runInProcess(["--home", home, "create", bad]);
    expect(r).toMatchObject({ code: 1, stderr: `easel: ${bad}: invalid JSON at line 3, column 32: expected another property (no trailing comma in JSON), found "}"\n` });
    r = await runInProcess(["--home", home, "create", join(dir, "missing.json")]);
    expect(r.stderr).toMatch(/missing.json: no such file/);
    writeFileSync(join(dir, "list.json"), "[1]");
    r = await runInProcess(["--home", home, "create", join(dir, "list.json")]);
    expect(r.stderr).toMatch(/expected a JSON object/);
    writeFileSync(join(dir, "rel.json"), JSON.stringify({ name: "x", processor_path: "./nothing-here" }));
    r = await runInProcess(["--home", home, "create", join(dir, "rel.json")]);
    expect(r.stderr).toMatch(/processor_path ".\/nothing-here" does not exist \(looked for .*nothing-here\)/);
    r = await runInProcess(["--home", home, "modify", "x"]);
    expect(r.stderr).toMatch(/modify needs -s FILE or at least one -Dkey=value/);
    r = await runInProcess(["--home", home, "version", "x", "two"]);
    expect(r.stderr).toMatch(/VERSION must be a positive integer, got "two"/);
    r = await runInProcess(["--home", home, "predict", "x", "-d", "1", "-f", "f"]);
    expect(r.stderr).toMatch(/not both/);
    r = await runInProcess(["--home", home, "logs", "x", "--tail", "-3"]);
    expect(r.stderr).toMatch(/--tail expects a non-negative integer/);
    r = await runInProcess(["--home", home, "create", bad, "--timeout", "soon"]);
    expect(r.stderr).toMatch(/--timeout expects a number of seconds/);
    r = await runInProcess(["--home", home, "upload", dir]);
    expect(r.stderr).toMatch(/is not a file/);
    r = await runInProcess(["--home", home, "pysdk", "pack", join(dir, "nope")]);
    expect(r.stderr).toMatch(/is not a folder/);
    r = await runInProcess(["--home", home, "server", "--port", "70000"]);
    expect(r.stderr).toMatch(/--port expects 0-65535/);
  });
});
