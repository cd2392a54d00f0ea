// Packs a processor project into a .tar.gz (ENV included, as EAS does) with progress.
// The archive code is loaded lazily: most commands never need tar.
import type { Cli } from "./context.js";
import { formatBytes } from "./format/values.js";

/** Left out of every package: VCS data and Python bytecode caches. */
export const PACK_EXCLUDE = [".git", "__pycache__", "*.pyc", ".DS_Store"];

export async function packProject(cli: Cli, dir: string, outFile: string): Promise<{ files: number; bytes: number }> {
  const { packDirectory } = await import("../blobs/archive.js");
  const bar = cli.progress();
  try {
    const res = await packDirectory(dir, outFile, {
      exclude: PACK_EXCLUDE,
      onProgress: (p) => bar.update(`Packing ${dir}: ${p.files} files, ${formatBytes(p.bytes)}`),
    });
    bar.done();
    return res;
  } catch (e) {
    bar.done();
    throw e;
  }
}
