// Uploading with progress, and turning the local paths of a spec (processor_path,
// model_path) into blob target paths so `create app.json` works with a folder.
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, isAbsolute, join, resolve } from "node:path";
import type { AdminClient, BlobUpload } from "../client/index.js";
import type { Cli } from "./context.js";
import { CliError } from "./errors.js";
import { formatBytes } from "./format/values.js";
import { packProject } from "./pack.js";
import { percent } from "./progress.js";

export async function uploadWithProgress(cli: Cli, client: AdminClient, file: string): Promise<BlobUpload> {
  const bar = cli.progress();
  const name = basename(file);
  try {
    const res = await client.uploadBlob(file, (sent, total) => bar.update(`Uploading ${name}: ${percent(sent, total)} (${formatBytes(sent)} / ${formatBytes(total)})`));
    bar.done();
    return res;
  } catch (e) {
    bar.done();
    throw e;
  }
}

/** Fields of a spec that may name local files to ship to the server. */
const PATH_FIELDS = ["processor_path", "model_path"] as const;

/** A path the server understands as is (a blob, a URL): nothing to upload. */
function isRemote(p: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(p);
}

/**
 * Packs (folders) and uploads (files) the local paths of `spec`, relative to `baseDir`,
 * replacing them with target paths. Absolute paths that do not exist here are left to
 * the server (they may be paths on the server's machine).
 */
export async function uploadLocalPaths(cli: Cli, client: AdminClient, spec: Record<string, unknown>, baseDir: string): Promise<void> {
  for (const field of PATH_FIELDS) {
    const value = spec[field];
    if (typeof value !== "string" || value === "" || isRemote(value)) continue;
    const local = resolve(baseDir, value);
    if (!existsSync(local)) {
      if (isAbsolute(value)) continue;
      throw new CliError(`${field} "${value}" does not exist (looked for ${local})`);
    }
    let file = local;
    let tmp: string | undefined;
    try {
      if (statSync(local).isDirectory()) {
        tmp = mkdtempSync(join(tmpdir(), "easel-pack-"));
        file = join(tmp, `${basename(local) || "package"}.tar.gz`);
        const packed = await packProject(cli, local, file);
        cli.say(`[OK] Packed ${field} ${value} (${packed.files} files, ${formatBytes(packed.bytes)})`);
      }
      const up = await uploadWithProgress(cli, client, file);
      cli.say(`[OK] Uploaded ${field} → ${up.target_path}`);
      spec[field] = up.target_path;
    } finally {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  }
}
