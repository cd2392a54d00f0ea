// `easel server` as a user runs it: first start creates the admin key (0600) and a CLI
// config, deploys the example, and SIGTERM stops it gracefully with its instances.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "./build.js";
import { REPO, runCli } from "./helpers.js";

const home = mkdtempSync(join(tmpdir(), "easel-servercmd-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("easel server", () => {
  it("starts on a free port with the example, then stops on SIGTERM taking its instances down", async () => {
    ensureBuilt();
    const child = spawn(process.execPath, [join(REPO, "bin", "easel.js"), "server", "--port", "0", "--example", "--json", "--log-level", "silent"], {
      env: { ...process.env, EASEL_HOME: home },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      await exercise(child);
    } finally {
      child.kill("SIGKILL"); // no-op when it already exited; never leave a server behind
    }
  }, 60_000);
});

async function exercise(child: ReturnType<typeof spawn>): Promise<void> {
  {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    const info = await new Promise<{ url: string; example: string | null }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no JSON line from the server: ${out}`)), 30_000);
      child.stdout!.on("data", () => {
        try {
          const v = JSON.parse(out) as { url: string; example: string | null }; // complete once it parses
          clearTimeout(timer);
          resolve(v);
        } catch {
          /* not yet complete */
        }
      });
    });
    expect(info.example).toBe("pai_eas_tutorial_04");
    expect(statSync(join(home, "admin-key.json")).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, "config.json")).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(home, "config.json"), "utf8"))).toMatchObject({ endpoint: info.url });

    // The CLI needs no `config` step: the server wrote one for it.
    let svc: { status: string; instances: { pid: number }[] } = { status: "", instances: [] };
    for (let i = 0; i < 100 && svc.status !== "Running"; i++) {
      const desc = await runCli(["desc", "pai_eas_tutorial_04", "--json"], { env: { EASEL_HOME: home } });
      expect(desc.code, desc.stderr).toBe(0);
      svc = JSON.parse(desc.stdout) as typeof svc;
      if (svc.status !== "Running") await new Promise((r) => setTimeout(r, 100));
    }
    expect(svc.status).toBe("Running");
    const pid = svc.instances[0]!.pid;
    expect(alive(pid)).toBe(true);

    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(alive(pid)).toBe(false);
    expect((await fetch(`${info.url}/healthz`).catch(() => undefined))?.status).toBeUndefined();
  }
}
