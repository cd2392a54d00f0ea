// `easel upload FILE`: put a file (a package, a model) in the blob store; prints the
// target path to use as processor_path or model_path.
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";
import { formatBytes } from "../format/values.js";
import { uploadWithProgress } from "../upload.js";

export function registerUpload(program: Command, cli: Cli): void {
  program
    .command("upload")
    .description("upload a file and print its target path")
    .argument("<file>", "file to upload (a .tar.gz package, a model file)")
    .action(async (file: string) => {
      const path = resolve(file);
      if (!existsSync(path)) throw new CliError(`${file}: no such file`);
      if (!statSync(path).isFile()) throw new CliError(`${file} is not a file (pack a folder with "easel pysdk pack")`);
      const up = await uploadWithProgress(cli, cli.client(), path);
      if (cli.json) cli.printJson({ target_path: up.target_path, sha256: up.sha256, size: up.size });
      else cli.say(`[OK] Uploaded ${file} (${formatBytes(up.size)})\ntarget path: ${up.target_path}`);
    });
}
