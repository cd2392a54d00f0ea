// `easel dev --watch`: an edit to app.py takes effect without re-packing or restarting by hand.
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/cli-server.js";
import { ensureBuilt } from "./build.js";
import { REPO } from "./helpers.js";

const work = mkdtempSync(join(tmpdir(), "easel-watch-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));


async function answer(url: string, body: string, want: string): Promise<string> {
  let last = "";
  for (let i = 0; i < 150; i++) {
    try {
      last = await (await fetch(url, { method: "POST", body })).text();
      if (last === want) return last;
    } catch {
      /* restarting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return last;
}

describe("easel dev --watch", () => {
  it("reloads the processor when app.py changes", async () => {
    ensureBuilt();
    copyFileSync(join(REPO, "examples", "tutorial", "app.py"), join(work, "app.py"));
    const port = await freePort();
    const child = spawn(process.execPath, [join(REPO, "bin", "easel.js"), "dev", work, "--watch", "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    try {
      const url = `http://127.0.0.1:${port}/test`;
      expect(await answer(url, "2 105", "False"), out).toBe("False");
      const edited = readFileSync(join(work, "app.py"), "utf8").replace("self.module = {'w0': 100, 'w1': 2}", "self.module = {'w0': 200, 'w1': 2}");
      writeFileSync(join(work, "app.py"), edited);
      // 2*2 + 200 >= 105 now: the edit is live.
      expect(await answer(url, "2 105", "True"), out).toBe("True");
      expect(out).toMatch(/app\.py changed: reloading/);
      expect(out).not.toMatch(/\[!!\]/); // a reload is not a crash

      // A broken edit: initialize() raises, the processor exits, and the watcher says so and keeps watching.
      writeFileSync(join(work, "app.py"), edited.replace("def initialize(self):", "def initialize(self):\n        raise RuntimeError('broken on purpose')"));
      for (let i = 0; i < 150 && !/\[!!\]/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(/\[!!\] the processor exited with code 1: fix it and save a file to start it again/);
      expect(out).toMatch(/broken on purpose/);
      // Fixed: it serves again.
      writeFileSync(join(work, "app.py"), edited);
      expect(await answer(url, "2 105", "True"), out).toBe("True");
    } finally {
      const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  }, 60_000);
});
