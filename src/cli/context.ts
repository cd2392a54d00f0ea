// State shared by the commands of one CLI run: global flags, output helpers, and the
// admin client built from the resolved config (only when a command needs the server).
import { AdminClient } from "../client/index.js";
import { easelHome } from "../util/home.js";
import { resolveConfig, type ResolvedConfig } from "./config.js";
import { CliError } from "./errors.js";
import type { Io } from "./io.js";
import { Progress } from "./progress.js";

export interface GlobalOptions {
  accessId?: string;
  accessKey?: string;
  endpoint?: string;
  config?: string;
  json?: boolean;
  debug?: boolean;
  home?: string;
}

export class Cli {
  opts: GlobalOptions = {};
  exitCode = 0;
  private resolved: ResolvedConfig | undefined;

  constructor(readonly io: Io) {}

  get json(): boolean {
    return this.opts.json === true;
  }

  get debug(): boolean {
    return this.opts.debug === true;
  }

  home(): string {
    return easelHome(this.opts.home);
  }

  config(): ResolvedConfig {
    this.resolved ??= resolveConfig(this.opts, this.home());
    return this.resolved;
  }

  client(): AdminClient {
    const cfg = this.config();
    if (!cfg.accessId || !cfg.accessKey) {
      throw new CliError(
        `no access key configured (looked in ${cfg.source}): start "easel server" once on this machine ` +
          `(it writes the config), or run "easel config -i ID -k SECRET -e ENDPOINT"`,
      );
    }
    return new AdminClient({ endpoint: cfg.endpoint, accessId: cfg.accessId, accessKey: cfg.accessKey, configSource: cfg.source });
  }

  /** A line for people: stdout normally; stderr under --json so stdout stays parseable. */
  say(text: string): void {
    (this.json ? this.io.stderr : this.io.stdout).write(`${text}\n`);
  }

  /** The machine answer under --json (or plain output that is the command's result). */
  print(text: string): void {
    this.io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  }

  printJson(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  warn(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  progress(): Progress {
    return new Progress(this.io.stderr);
  }
}
