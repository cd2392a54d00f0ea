// `easel init [--lang python|ts] DIR`: scaffold a processor project. Python is `pysdk init`
// (app.py, app.json, ENV/); TypeScript writes index.ts, app.json (processor_type "node"),
// package.json and a README. Existing files are kept, as with pysdk init.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";
import { serviceNameFor } from "../templates/app-py.js";
import { appJsonNode, INDEX_TS, packageJsonNode, readmeNode } from "../templates/app-ts.js";
import { pysdkInit } from "./pysdk-init.js";
import { writeScaffold } from "../scaffold.js";

const LANGS: Record<string, "python" | "ts"> = { python: "python", py: "python", ts: "ts", typescript: "ts" };

export function registerInit(program: Command, cli: Cli): void {
  program
    .command("init")
    .description("create a processor project: --lang python (app.py + ENV, as pysdk init) or --lang ts (index.ts)")
    .argument("<dir>", "project folder (created if missing)")
    .option("--lang <lang>", "python or ts", "python")
    .option("--python <path>", "Python interpreter for ENV (--lang python; default: python3 on PATH)")
    .action(async (dir: string, opts: { lang: string; python?: string }) => {
      const lang = LANGS[opts.lang.toLowerCase()];
      if (!lang) throw new CliError(`--lang expects python or ts, got "${opts.lang}"`);
      if (lang === "python") return pysdkInit(cli, dir, opts);
      tsInit(cli, dir);
    });
}

function tsInit(cli: Cli, dirArg: string): void {
  const dir = resolve(dirArg);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new CliError(`${dirArg} exists and is not a folder`);
  mkdirSync(dir, { recursive: true });
  const show = (p: string) => relative(process.cwd(), p) || ".";
  const name = serviceNameFor(basename(dir));
  const files: Record<string, string> = {
    "index.ts": INDEX_TS,
    "app.json": appJsonNode(name),
    "package.json": packageJsonNode(name),
    "README.md": readmeNode(name),
  };
  const written = writeScaffold(cli, dir, files);
  if (cli.json) {
    cli.printJson({ dir, lang: "ts", name, files: written });
    return;
  }
  const rel = show(dir);
  cli.say(
    [
      "",
      `Project ready in ${rel}. Next:`,
      `  easel dev ${rel}                                # local test server on http://127.0.0.1:8080`,
      `  curl http://127.0.0.1:8080/test -d '2 105'    # → False`,
      `  easel create ${join(rel, "app.json")}            # processor_path "./" = this folder: packed and uploaded for you`,
    ].join("\n"),
  );
}
