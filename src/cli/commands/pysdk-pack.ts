// `easel pysdk pack [-u] DIR`: DIR → <DIR>.tar.gz next to it; -u uploads it and prints
// the target path for app.json's processor_path.
import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";
import { formatBytes } from "../format/values.js";
import { packProject } from "../pack.js";
import { uploadWithProgress } from "../upload.js";

export async function pysdkPack(cli: Cli, dirArg: string, opts: { upload?: boolean }): Promise<void> {
  const dir = resolve(dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`${dirArg} is not a folder`);
  if (dirname(dir) === dir) throw new CliError("refusing to pack the root folder");
  const archive = join(dirname(dir), `${basename(dir)}.tar.gz`);
  const client = opts.upload ? cli.client() : undefined; // fail on a missing key before packing
  const packed = await packProject(cli, dir, archive);
  const size = statSync(archive).size;
  cli.say(`[OK] Packed ${packed.files} files (${formatBytes(packed.bytes)}) into ${relative(process.cwd(), archive) || archive} (${formatBytes(size)})`);
  if (!client) {
    if (cli.json) cli.printJson({ archive, size, files: packed.files });
    return;
  }
  const up = await uploadWithProgress(cli, client, archive);
  if (cli.json) cli.printJson({ target_path: up.target_path, archive, size });
  else cli.say(`[OK] Uploaded\ntarget path: ${up.target_path}`);
}
