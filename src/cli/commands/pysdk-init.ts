// `easel pysdk init DIR`. Existing app.py/app.json are kept (init may be re-run to
// repair ENV); no questions asked — eascmd asks for a Python version, we use python3.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";
import { canImport, createVenv, envPython, installSdk, pythonVersion } from "../python-env.js";
import { writeScaffold } from "../scaffold.js";
import { appJson, appPy, serviceNameFor } from "../templates/app-py.js";

export async function pysdkInit(cli: Cli, dirArg: string, opts: { python?: string }): Promise<void> {
  const dir = resolve(dirArg);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new CliError(`${dirArg} exists and is not a folder`);
  const python = opts.python ?? (process.platform === "win32" ? "python" : "python3");
  const version = await pythonVersion(python); // fail before writing anything
  mkdirSync(dir, { recursive: true });
  const show = (p: string) => relative(process.cwd(), p) || ".";

  const written = writeScaffold(cli, dir, { "app.py": appPy(), "app.json": appJson(serviceNameFor(basename(dir))) });

  const envDir = join(dir, "ENV");
  const py = envPython(envDir);
  let how = "existing";
  if (existsSync(py) && (await canImport(py, "allspark"))) {
    cli.say(`[OK] Kept the existing ${show(envDir)} (allspark already installed)`);
  } else {
    cli.say(`[..] Creating the virtual environment ${show(envDir)} with ${python} (Python ${version})`);
    const { pip } = existsSync(py) && (await canImport(py, "sys")) ? { pip: existsSync(join(envDir, "bin", "pip")) } : await createVenv(python, envDir);
    cli.say(`[..] Installing the allspark SDK into ${show(envDir)}`);
    how = await installSdk(envDir, pip);
    if (!(await canImport(py, "allspark"))) throw new CliError(`the SDK was installed into ${show(envDir)} but "${show(py)} -c 'import allspark'" fails`);
    cli.say(`[OK] ${show(envDir)} is ready: "import allspark" works (SDK ${how === "pip" ? "installed with pip" : "copied into site-packages"})`);
  }

  if (cli.json) {
    cli.printJson({ dir, python: py, files: written, sdk: how });
    return;
  }
  const rel = show(dir);
  cli.say(
    [
      "",
      `Project ready in ${rel}. Next:`,
      `  cd ${rel} && ./ENV/bin/python app.py          # local test server on http://127.0.0.1:8080`,
      `  curl http://127.0.0.1:8080/test -d '2 105'    # → False`,
      `  easel create ${join(rel, "app.json")}            # processor_path "./" = this folder: packed and uploaded for you`,
      `  (or: easel pysdk pack -u ${rel} and put the printed target path in app.json)`,
    ].join("\n"),
  );
}
