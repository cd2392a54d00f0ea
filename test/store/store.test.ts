// The store on a real SQLite file: repositories, migrations, and durability across a
// kill -9 of a process in the middle of writing.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { Store } from "../../src/store/index.js";

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "easel-store-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const now = () => new Date().toISOString();

describe("Store", () => {
  it("keeps services, immutable numbered versions, tokens, events and access keys", () => {
    const file = join(tmp(), "easel.db");
    const s = Store.open(file);
    expect(s.schemaVersion()).toBe(1);
    s.services.insert({ name: "a", status: "Creating", message: "", desired: "running", instance: 1, current_version: 0, created_at: now(), updated_at: now() });
    expect(s.versions.insert("a", { name: "a", x: 1 }, "created")).toBe(1);
    expect(s.versions.insert("a", { name: "a", x: 2 }, "modified")).toBe(2);
    s.services.update("a", { current_version: 2, status: "Running" });
    s.tokens.add("a", "tok-1-abcdefgh");
    s.tokens.add("a", "tok-1-abcdefgh"); // idempotent
    const e1 = s.events.append({ service: "a", level: "info", reason: "Created", message: "one" });
    s.events.append({ service: "a", level: "error", reason: "Exited", message: "two", instance: "a-v2-0" });
    const key = s.accessKeys.create();
    s.close();

    const r = Store.open(file);
    expect(r.services.get("a")).toMatchObject({ status: "Running", current_version: 2, instance: 1 });
    expect(r.versions.list("a").map((v) => v.spec.x)).toEqual([1, 2]);
    expect(r.versions.latest("a")?.version).toBe(2);
    expect(r.tokens.list("a").map((t) => t.token)).toEqual(["tok-1-abcdefgh"]);
    expect(r.events.list("a").map((e) => e.message)).toEqual(["one", "two"]);
    expect(r.events.list("a", { afterId: e1 }).map((e) => e.instance)).toEqual(["a-v2-0"]);
    expect(r.accessKeys.get(key.id)?.secret).toBe(key.secret);
    r.services.delete("a");
    expect(r.services.get("a")).toBeUndefined();
    expect(r.versions.list("a")).toEqual([]);
    expect(r.tokens.list("a")).toEqual([]);
    r.close();
  });

  it("refuses a duplicate service and a bad instance count without changing anything", () => {
    const s = Store.open(join(tmp(), "easel.db"));
    const row = { name: "a", status: "Creating" as const, message: "", desired: "running" as const, instance: 1, current_version: 0, created_at: now(), updated_at: now() };
    s.services.insert(row);
    expect(() => s.services.insert(row)).toThrow(/UNIQUE/);
    expect(() => s.transaction(() => {
      s.versions.insert("a", { v: 1 }, "x");
      s.services.update("a", { instance: -1 });
    })).toThrow(/CHECK/);
    expect(s.versions.list("a")).toEqual([]); // the transaction rolled back whole
    expect(s.services.get("a")?.instance).toBe(1);
    s.close();
  });

  it("refuses a home written by a newer Easel", () => {
    const file = join(tmp(), "easel.db");
    const db = new Database(file);
    db.pragma("user_version = 99");
    db.close();
    expect(() => Store.open(file)).toThrow(/newer than this Easel/);
  });

  it("loses nothing it reported as committed when the writer is killed with SIGKILL", async () => {
    const file = join(tmp(), "easel.db");
    const child = spawn(process.execPath, [new URL("../fixtures/store-writer.mjs", import.meta.url).pathname, file], { stdio: ["ignore", "pipe", "inherit"] });
    let last = -1;
    let buf = "";
    await new Promise<void>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`writer exited early with ${code}`)));
      child.stdout.on("data", (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split("\n");
        buf = lines.pop() ?? "";
        for (const l of lines) last = Number(l);
        if (last >= 300) {
          child.removeAllListeners("exit");
          child.kill("SIGKILL");
          child.on("exit", () => resolve());
        }
      });
    });
    const s = Store.open(file);
    const names = new Set(s.services.list().map((r) => r.name));
    for (let i = 0; i <= last; i++) {
      expect(names.has(`svc_${i}`)).toBe(true);
      expect(s.services.get(`svc_${i}`)?.current_version).toBe(1);
      expect(s.tokens.primary(`svc_${i}`)).toBe(`token-${i}-abcdefgh`);
    }
    // A half-done transaction is all or nothing: every stored service has its version.
    for (const row of s.services.list()) expect(s.versions.get(row.name, row.current_version)).toBeDefined();
    s.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
  });
});
