// `easel deploy MODEL_FILE --name NAME`: a model file is enough. The built-in processor is
// chosen from the extension, the file is uploaded, the service is created with
// model_path = its target path, and the command waits like `create`.
import { existsSync, statSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import type { Command } from "commander";
import type { BuiltinProcessor } from "../../spec/types.js";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";
import { serviceNameFor } from "../templates/app-py.js";
import { uploadWithProgress } from "../upload.js";
import { endpointTable } from "../views.js";
import { parseSeconds, waitForService } from "../wait.js";

/** Model file extension → the built-in processor that serves it. */
export const MODEL_EXTENSIONS: Readonly<Record<string, BuiltinProcessor>> = { ".pmml": "pmml", ".onnx": "onnx" };

export function builtinFor(file: string): BuiltinProcessor {
  const ext = extname(file).toLowerCase();
  const p = MODEL_EXTENSIONS[ext];
  if (p) return p;
  const supported = Object.entries(MODEL_EXTENSIONS)
    .map(([e, name]) => `${e} (${name})`)
    .join(", ");
  throw new CliError(
    `cannot tell which built-in processor serves ${basename(file)}${ext ? "" : " (no extension)"}: supported model files are ${supported}; ` +
      `for anything else write a processor ("easel init --lang python|ts DIR") and "easel create" it`,
  );
}

export function registerDeploy(program: Command, cli: Cli): void {
  program
    .command("deploy")
    .description("serve a model file with a built-in processor (.pmml, .onnx): upload, create, wait until running")
    .argument("<model_file>", "the model file")
    .option("--name <name>", "service name (default: from the file name)")
    .option("--instances <n>", "number of instances", "1")
    .option("--no-wait", "return once the service is created, without waiting for it to run")
    .option("--timeout <seconds>", "how long to wait for the service to run", "600")
    .action(async (modelFile: string, opts: { name?: string; instances: string; wait: boolean; timeout: string }) => {
      const processor = builtinFor(modelFile);
      const instances = Number(opts.instances);
      if (!Number.isInteger(instances) || instances < 1) throw new CliError(`--instances expects a whole number of at least 1, got "${opts.instances}"`);
      const timeoutMs = parseSeconds(opts.timeout, "--timeout");
      const path = resolve(modelFile);
      if (!existsSync(path)) throw new CliError(`${modelFile} does not exist`);
      if (!statSync(path).isFile()) throw new CliError(`${modelFile} is not a file`);
      const name = opts.name ?? serviceNameFor(basename(path, extname(path)));
      const client = cli.client();
      const up = await uploadWithProgress(cli, client, path);
      cli.say(`[OK] Uploaded ${basename(path)} → ${up.target_path}`);
      const spec = { name, processor, model_path: up.target_path, model_entry: basename(path), metadata: { instance: instances } };
      const created = await client.createService(spec);
      if (!cli.json) cli.print(endpointTable(created));
      const final = opts.wait ? await waitForService(cli, client, created.name, { timeoutMs }) : created;
      if (final.status === "Failed") cli.exitCode = 1;
      if (cli.json) cli.printJson({ name: final.name, endpoint: final.endpoint, token: final.token, status: final.status });
    });
}
