// Content-addressed blobs on local disk: <dir>/<sha[0:2]>/<sha>. Uploads stream into a
// temp file in the same folder while hashing (never whole in memory), then rename into
// place atomically, so a blob either exists complete or not at all.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { isSha256 } from "./target.js";

export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`blob is larger than the limit of ${limit} bytes`);
    this.name = "BlobTooLargeError";
  }
}

export interface PutResult {
  sha256: string;
  size: number;
  /** True when the same bytes were already stored (deduplicated). */
  existed: boolean;
}

export class BlobStore {
  private readonly tmpDir: string;

  constructor(
    private readonly dir: string,
    private readonly opts: { maxBytes: number },
  ) {
    this.tmpDir = join(dir, "tmp");
    mkdirSync(this.tmpDir, { recursive: true });
    // Leftovers of uploads cut short by a crash are garbage: nothing refers to them.
    rmSync(this.tmpDir, { recursive: true, force: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  async put(source: Readable, opts: { maxBytes?: number } = {}): Promise<PutResult> {
    const limit = opts.maxBytes ?? this.opts.maxBytes;
    const tmp = join(this.tmpDir, `${Date.now()}-${randomBytes(6).toString("hex")}`);
    const hash = createHash("sha256");
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > limit) return cb(new BlobTooLargeError(limit));
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tmp, { flags: "wx" }));
    } catch (e) {
      await rm(tmp, { force: true });
      if (e instanceof BlobTooLargeError) source.resume(); // let the sender finish; we answer 413
      throw e;
    }
    const sha256 = hash.digest("hex");
    const dest = this.path(sha256);
    if (existsSync(dest)) {
      await rm(tmp, { force: true });
      return { sha256, size, existed: true };
    }
    mkdirSync(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    await rename(tmp, dest);
    return { sha256, size, existed: false };
  }

  putFile(file: string): Promise<PutResult> {
    return this.put(createReadStream(file), { maxBytes: Number.MAX_SAFE_INTEGER });
  }

  has(sha256: string): boolean {
    return isSha256(sha256) && existsSync(this.path(sha256));
  }

  size(sha256: string): number | undefined {
    return this.has(sha256) ? statSync(this.path(sha256)).size : undefined;
  }

  path(sha256: string): string {
    if (!isSha256(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  remove(sha256: string): void {
    rmSync(this.path(sha256), { force: true });
  }
}
