// Processor packages: .tar.gz made by `pysdk pack` or by the server from a folder, and
// extracted for instances. Extraction refuses anything that could write outside the
// destination: absolute paths, ".." segments, and links that point out of the tree.
import { lstatSync, readdirSync, readlinkSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, isAbsolute, join, normalize, posix, relative, sep } from "node:path";
import * as tar from "tar";

export class UnsafeArchiveError extends Error {
  constructor(readonly entry: string, reason: string) {
    super(`unsafe archive entry "${entry}": ${reason}`);
    this.name = "UnsafeArchiveError";
  }
}

export interface PackProgress {
  files: number;
  bytes: number;
}

export interface PackOptions {
  /** Names or "*.ext" patterns left out at any depth. */
  exclude?: string[];
  onProgress?: (p: PackProgress) => void;
}

export async function packDirectory(dir: string, outFile: string, opts: PackOptions = {}): Promise<PackProgress> {
  const exclude = opts.exclude ?? [".git", "__pycache__", "*.pyc"];
  const skip = (name: string) => exclude.some((p) => (p.startsWith("*.") ? name.endsWith(p.slice(1)) : name === p));
  const progress: PackProgress = { files: 0, bytes: 0 };
  let last = 0;
  const outRel = relative(dir, outFile);
  // Checked before tar starts: an error thrown from inside tar's filter never settles its promise.
  const bad = findEscapingLink(dir, "", skip);
  if (bad) {
    throw new Error(`${bad.path} is a link to ${bad.target}, outside the project; the server refuses such packages (recreate ENV with "python3 -m venv --copies ENV", as "easel pysdk init" does)`);
  }
  await tar.c(
    {
      gzip: { level: 6 },
      file: outFile,
      cwd: dir,
      portable: true,
      follow: false,
      filter: (path, stat) => {
        const rel = normalize(path);
        if (rel === outRel) return false;
        if (rel.split(sep).some(skip)) return false;
        if (!("isFile" in stat)) return true;
        if (stat.isFile()) {
          progress.files++;
          progress.bytes += stat.size;
          const now = Date.now();
          if (opts.onProgress && now - last > 100) {
            last = now;
            opts.onProgress({ ...progress });
          }
        }
        return true;
      },
    },
    ["."],
  );
  opts.onProgress?.({ ...progress });
  return progress;
}

/** Extracts into `dest` (created; must not exist) via a temp folder renamed at the end. */
export async function safeExtract(archive: string, dest: string): Promise<void> {
  // First pass: read the listing and refuse the whole archive on any unsafe entry,
  // so nothing at all is written for a hostile package.
  // (Collected, not thrown: an exception inside tar's callback would leave its promise pending.)
  let unsafe: unknown;
  await tar.t({
    file: archive,
    onReadEntry: (e) => {
      if (unsafe) return;
      try {
        checkEntry(e.path, e.type, e.linkpath);
      } catch (err) {
        unsafe = err;
      }
    },
  });
  if (unsafe) throw unsafe;
  const tmp = `${dest}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  try {
    await tar.x({ file: archive, cwd: tmp, preservePaths: false, strict: true, noChmod: false, preserveOwner: false });
    await mkdir(dirname(dest), { recursive: true });
    await rename(tmp, dest);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOTEMPTY" || code === "EEXIST") return; // another start unpacked it first
    throw e;
  }
}

function checkEntry(path: string, type: string, linkpath: string | undefined): void {
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path)) throw new UnsafeArchiveError(path, "absolute path");
  if (path.split(/[\\/]/).includes("..")) throw new UnsafeArchiveError(path, '".." in the path');
  if (type === "SymbolicLink" || type === "Link") {
    const target = linkpath ?? "";
    // Hard link targets are archive-relative; symlink targets are relative to the link's folder.
    const escaping = type === "Link" ? isAbsolute(target) || posix.normalize(target).startsWith("..") : escapes(path, target);
    if (escaping) throw new UnsafeArchiveError(path, `link to "${target}" leaves the package`);
  }
  if (!["File", "OldFile", "ContiguousFile", "Directory", "SymbolicLink", "Link"].includes(type)) {
    throw new UnsafeArchiveError(path, `entries of type ${type} are not allowed`);
  }
}

function escapes(linkPath: string, target: string): boolean {
  if (isAbsolute(target)) return true;
  const resolved = posix.normalize(posix.join(posix.dirname(linkPath.split(sep).join("/")), target));
  return resolved === ".." || resolved.startsWith("../");
}

function findEscapingLink(root: string, rel: string, skip: (name: string) => boolean): { path: string; target: string } | undefined {
  for (const ent of readdirSync(join(root, rel), { withFileTypes: true })) {
    if (skip(ent.name)) continue;
    const p = rel ? `${rel}/${ent.name}` : ent.name;
    if (ent.isSymbolicLink()) {
      const target = readlinkSync(join(root, p));
      if (escapes(p, target)) return { path: p, target };
    } else if (ent.isDirectory()) {
      const found = findEscapingLink(root, p, skip);
      if (found) return found;
    }
  }
  return undefined;
}

export function isDirectory(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}
