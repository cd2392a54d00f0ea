// Turns the paths a spec names (processor_path, model_path) into immutable local
// folders an instance can run from. Everything goes through the blob store first, so
// a version always runs the exact bytes it was created with, even if the user's
// folder changes afterwards.
import { copyFile, mkdir, mkdtemp, open, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, isAbsolute, join, resolve } from "node:path";
import { type BlobStore, packDirectory, parseTargetPath, safeExtract, toTargetPath } from "../blobs/index.js";
import { ApiError } from "./errors.js";

export class Artifacts {
  constructor(
    private readonly blobs: BlobStore,
    private readonly unpackedDir: string,
  ) {}

  /**
   * Stores what `path` names (a blob target, a folder or an archive on this machine)
   * as a blob and returns its target path. `field` names the spec field for errors.
   */
  async ingest(field: string, path: string, baseDir: string, allowPlainFile: boolean): Promise<{ target: string; fileName?: string }> {
    const sha = parseTargetPath(path);
    if (sha) {
      if (!this.blobs.has(sha)) throw invalid(field, `${path} is not in this server's blob store (upload it with "easel upload" or "easel pysdk pack -u")`);
      return { target: path };
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
      throw invalid(field, `${path}: only local paths and easel://blobs/<sha256> targets are supported (oss:// and http:// are cloud storage; upload with "easel pysdk pack -u DIR" and use the printed target path)`);
    }
    const local = isAbsolute(path) ? path : resolve(baseDir, path);
    const st = await stat(local).catch(() => undefined);
    if (!st) throw invalid(field, `${local} does not exist on the server's machine`);
    if (st.isDirectory()) {
      const tmp = await mkdtemp(join(tmpdir(), "easel-pack-"));
      try {
        const archive = join(tmp, "package.tar.gz");
        await packDirectory(local, archive);
        const put = await this.blobs.putFile(archive);
        return { target: toTargetPath(put.sha256) };
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    }
    if (!isArchive(local) && !allowPlainFile) {
      throw invalid(field, `${local} is neither a folder nor a .tar.gz archive`);
    }
    const put = await this.blobs.putFile(local);
    return { target: toTargetPath(put.sha256), fileName: isArchive(local) ? undefined : basename(local) };
  }

  /**
   * Returns a folder holding the blob's files: an archive is extracted (safely),
   * a plain file is placed as `fileName`. Cached per blob: done once per server.
   */
  async materialize(target: string, fileName: string): Promise<string> {
    const sha = parseTargetPath(target);
    if (!sha) throw new Error(`not a blob target: ${target}`);
    const dest = join(this.unpackedDir, sha);
    if (await exists(dest)) return dest;
    await mkdir(this.unpackedDir, { recursive: true });
    const file = this.blobs.path(sha);
    if (await isGzip(file)) {
      await safeExtract(file, dest);
    } else {
      const tmp = `${dest}.tmp-${process.pid}-${Date.now()}`;
      await mkdir(tmp, { recursive: true });
      await copyFile(file, join(tmp, fileName));
      await rename(tmp, dest).catch(async (e: NodeJS.ErrnoException) => {
        await rm(tmp, { recursive: true, force: true });
        if (e.code !== "ENOTEMPTY" && e.code !== "EEXIST") throw e;
      });
    }
    return dest;
  }
}

function invalid(field: string, message: string): ApiError {
  return new ApiError("InvalidSpec", `${field}: ${message}`, [{ path: field, message }]);
}

function isArchive(p: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(p);
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

async function isGzip(file: string): Promise<boolean> {
  const fh = await open(file, "r");
  try {
    const b = Buffer.alloc(2);
    await fh.read(b, 0, 2, 0);
    return b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    await fh.close();
  }
}
