// `easel pysdk init DIR` and `easel pysdk pack [-u] DIR`: the Python processor project
// workflow of the PAI-EAS tutorial.
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { pysdkInit } from "./pysdk-init.js";
import { pysdkPack } from "./pysdk-pack.js";

export function registerPysdk(program: Command, cli: Cli): void {
  const pysdk = program.command("pysdk").description("Python processor projects: init, pack");
  pysdk
    .command("init")
    .description("create a processor project: app.py, app.json and ENV/ (a venv with the allspark SDK)")
    .argument("<dir>", "project folder (created if missing)")
    .option("--python <path>", "Python interpreter for ENV (default: python3 on PATH)")
    .action((dir: string, opts: { python?: string }) => pysdkInit(cli, dir, opts));
  pysdk
    .command("pack")
    .description("pack a project into <DIR>.tar.gz next to it (ENV included); -u uploads it")
    .argument("<dir>", "project folder")
    .option("-u, --upload", "upload the package and print its target path")
    .action((dir: string, opts: { upload?: boolean }) => pysdkPack(cli, dir, opts));
}
