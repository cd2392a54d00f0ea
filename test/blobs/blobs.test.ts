// Blob store (streamed, hashed, deduplicated, size-limited) and archive safety.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import * as tar from "tar";
import { afterEach, describe, expect, it } from "vitest";
import { BlobStore, BlobTooLargeError, packDirectory, parseTargetPath, safeExtract, toTargetPath, UnsafeArchiveError } from "../../src/blobs/index.js";

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "easel-blobs-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A stream of `n` bytes produced in 64 KiB chunks, never held whole. */
function generated(n: number, seed = 1): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= n) return this.push(null);
      const len = Math.min(65536, n - sent);
      const b = Buffer.alloc(len, (sent / 65536 + seed) & 0xff);
      sent += len;
      this.push(b);
    },
  });
}

describe("BlobStore", () => {
  it("streams, hashes and deduplicates", async () => {
    const store = new BlobStore(tmp(), { maxBytes: 100 * 1024 * 1024 });
    const size = 20 * 1024 * 1024 + 17;
    const h = createHash("sha256");
    for await (const c of generated(size)) h.update(c as Buffer);
    const before = process.memoryUsage().rss;
    const a = await store.put(generated(size));
    expect(process.memoryUsage().rss - before).toBeLessThan(size); // not buffered whole
    expect(a).toEqual({ sha256: h.digest("hex"), size, existed: false });
    expect(store.has(a.sha256)).toBe(true);
    const b = await store.put(generated(size));
    expect(b.existed).toBe(true);
    expect(parseTargetPath(toTargetPath(a.sha256))).toBe(a.sha256);
    expect(parseTargetPath("oss://bucket/x")).toBeUndefined();
  });

  it("refuses past the limit and leaves nothing behind", async () => {
    const dir = tmp();
    const store = new BlobStore(dir, { maxBytes: 1024 * 1024 });
    await expect(store.put(generated(3 * 1024 * 1024))).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(readdirSync(join(dir, "tmp"))).toEqual([]);
    expect(readdirSync(dir).filter((f) => f !== "tmp")).toEqual([]);
  });
});

describe("archives", () => {
  it("packs a folder without .git and __pycache__ and extracts it", async () => {
    const src = join(tmp(), "proj");
    mkdirSync(join(src, ".git"), { recursive: true });
    mkdirSync(join(src, "__pycache__"), { recursive: true });
    mkdirSync(join(src, "ENV", "lib"), { recursive: true });
    writeFileSync(join(src, "app.py"), "print('hi')\n");
    writeFileSync(join(src, ".git", "HEAD"), "ref");
    writeFileSync(join(src, "__pycache__", "app.cpython-311.pyc"), "x");
    writeFileSync(join(src, "ENV", "lib", "m.py"), "y");
    symlinkSync("lib", join(src, "ENV", "lib64")); // in-tree link: fine
    const out = join(tmp(), "p.tar.gz");
    const progress = await packDirectory(src, out);
    expect(progress.files).toBe(2);
    const dest = join(tmp(), "x");
    await safeExtract(out, dest);
    expect(readFileSync(join(dest, "app.py"), "utf8")).toBe("print('hi')\n");
    expect(readFileSync(join(dest, "ENV", "lib64", "m.py"), "utf8")).toBe("y");
    expect(existsSync(join(dest, ".git"))).toBe(false);
    expect(existsSync(join(dest, "__pycache__"))).toBe(false);
  });

  it("refuses to pack a link that leaves the project, with the fix", async () => {
    const src = join(tmp(), "proj");
    mkdirSync(join(src, "ENV", "bin"), { recursive: true });
    symlinkSync("/usr/bin/python3", join(src, "ENV", "bin", "python"));
    await expect(packDirectory(src, join(tmp(), "p.tar.gz"))).rejects.toThrow(/outside the project.*--copies/);
  });

  const hostile: [string, (dir: string) => Promise<void>, RegExp][] = [
    ["a .. path", async (d) => {
      writeFileSync(join(d, "evil"), "x");
      await tar.c({ file: join(d, "a.tar.gz"), gzip: true, cwd: d, preservePaths: true }, ["../" + d.split("/").pop() + "/evil"]);
    }, /"\.\." in the path/],
    ["an absolute path", async (d) => {
      writeFileSync(join(d, "evil"), "x");
      await tar.c({ file: join(d, "a.tar.gz"), gzip: true, preservePaths: true }, [join(d, "evil")]);
    }, /absolute path/],
    ["a symlink out of the tree", async (d) => {
      const s = join(d, "s");
      mkdirSync(s);
      symlinkSync("/etc", join(s, "etc"));
      await tar.c({ file: join(d, "a.tar.gz"), gzip: true, cwd: s }, ["etc"]);
    }, /leaves the package/],
    ["a relative symlink climbing out", async (d) => {
      const s = join(d, "s");
      mkdirSync(join(s, "sub"), { recursive: true });
      symlinkSync("../../..", join(s, "sub", "up"));
      await tar.c({ file: join(d, "a.tar.gz"), gzip: true, cwd: s }, ["sub"]);
    }, /leaves the package/],
  ];
  for (const [what, make, msg] of hostile) {
    it(`refuses an archive with ${what} and writes nothing`, async () => {
      const d = tmp();
      await make(d);
      const dest = join(tmp(), "out");
      const err = await safeExtract(join(d, "a.tar.gz"), dest).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnsafeArchiveError);
      expect((err as Error).message).toMatch(msg);
      expect(existsSync(dest)).toBe(false);
    });
  }
});
