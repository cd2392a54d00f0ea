// `easel dev --watch`: runs `easel dev` (without --watch) as a child and restarts it when a
// file of the project changes, so edits to app.py / index.ts take effect without re-packing.
import { spawn, type ChildProcess } from "node:child_process";
import { watch, type FSWatcher } from "node:fs";
import { join } from "node:path";
import type { Cli } from "./context.js";
import { REPO_ROOT } from "./paths.js";
import { untilSignal } from "./signals.js";

/** Changes that do not restart the processor: environments, caches, VCS, editor droppings. */
const IGNORED = /(^|[\\/])(ENV|node_modules|\.git|__pycache__|\.venv)([\\/]|$)|\.(pyc|swp|swx|tmp)$|~$/;

export async function watchAndRestart(cli: Cli, dir: string, devArgs: string[]): Promise<void> {
  const bin = join(REPO_ROOT, "bin", "easel.js");
  let child: ChildProcess | undefined;
  let stopping = false;
  /** The child we are stopping ourselves (its exit is no news). */
  let stoppingChild: ChildProcess | undefined;
  const start = () => {
    const c = spawn(process.execPath, [bin, "dev", dir, ...devArgs], { stdio: ["ignore", "inherit", "inherit"] });
    child = c;
    // A processor that dies on its own (initialize() raised, a crash) stays down until the next
    // edit, as nodemon does; say so, or the terminal just goes quiet.
    c.once("close", (code, signal) => {
      if (stopping || c === stoppingChild) return;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      cli.warn(`[!!] the processor ${how}: fix it and save a file to start it again (still watching ${dir})`);
    });
  };
  const stopChild = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    stoppingChild = c;
    const gone = new Promise<void>((r) => c.once("close", () => r()));
    c.kill("SIGTERM");
    const killer = setTimeout(() => c.kill("SIGKILL"), 5000);
    await gone;
    clearTimeout(killer);
  };

  let timer: NodeJS.Timeout | undefined;
  let changed = "";
  let restarting: Promise<void> | undefined;
  const restart = () => {
    restarting ??= (async () => {
      cli.say(`[..] ${changed} changed: reloading`);
      await stopChild();
      if (!stopping) start();
      restarting = undefined;
    })();
  };
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { recursive: true }, (_event, file) => {
      const name = file ? String(file) : "";
      if (!name || IGNORED.test(name)) return;
      changed = name;
      clearTimeout(timer);
      timer = setTimeout(restart, 200); // editors write in several steps: settle first
    });
  } catch (e) {
    cli.warn(`easel: cannot watch ${dir} (${(e as Error).message}); serving without --watch`);
    start();
    await new Promise<void>((r) => child?.once("close", () => r()));
    return;
  }
  start();
  cli.say(`[OK] Watching ${dir} for changes (ENV/, node_modules/, .git/ and caches ignored)`);
  await untilSignal().promise;
  stopping = true;
  clearTimeout(timer);
  watcher.close();
  await restarting;
  await stopChild();
}
