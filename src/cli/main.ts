// Entry point of the `easel` / `eascmd` CLI. Global flags come before the command, as
// with eascmd (`easel -e HOST desc NAME`); `--json` is also accepted after it.
import { Command, CommanderError } from "commander";
import { ApiError, ServerUnreachableError } from "../client/index.js";
import { Cli } from "./context.js";
import { CliError } from "./errors.js";
import { processIo, type Io } from "./io.js";
import { packageVersion } from "./paths.js";
import { registerCommands } from "./commands/index.js";

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const cli = new Cli(io);
  const program = buildProgram(cli);
  try {
    await program.parseAsync(argv, { from: "node" });
    return cli.exitCode;
  } catch (e) {
    return reportError(cli, e, argv);
  }
}

export function buildProgram(cli: Cli): Command {
  const program = new Command("easel")
    .description("Easel: serve models and Python/TypeScript processors over HTTP (eascmd-compatible CLI)")
    .version(packageVersion(), "-V, --version")
    .option("-i, --access-id <id>", "access key id (default: from the config file)")
    .option("-k, --access-key <secret>", "access key secret")
    .option("-e, --endpoint <endpoint>", "server endpoint, e.g. http://127.0.0.1:8600")
    .option("-c, --config <file>", "config file (default: <home>/config.json)")
    .option("--home <dir>", "Easel home folder (default: $EASEL_HOME or ~/.easel)")
    .option("--json", "machine-readable output")
    .option("--debug", "print stack traces on errors")
    .enablePositionalOptions()
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => cli.io.stdout.write(s),
      writeErr: (s) => cli.io.stderr.write(s),
    });
  registerCommands(program, cli);
  for (const cmd of allCommands(program)) {
    if (cmd !== program && !cmd.options.some((o) => o.long === "--json")) cmd.option("--json", "machine-readable output");
  }
  program.hook("preAction", (_root, action) => {
    cli.opts = action.optsWithGlobals();
  });
  return program;
}

function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}

function reportError(cli: Cli, e: unknown, argv: string[]): number {
  if (e instanceof CommanderError) {
    // Commander printed its own message (usage errors) or the help/version text.
    return e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help" ? 0 : e.exitCode || 1;
  }
  const debug = cli.debug || argv.includes("--debug");
  const lines: string[] = [];
  if (e instanceof ApiError) {
    const issues = e.issues ?? [];
    if (e.code === "InvalidSpec" && issues.length > 0) {
      lines.push(`easel: invalid service spec (${issues.length} problem${issues.length > 1 ? "s" : ""}):`);
      for (const i of issues) lines.push(`  ${i.path || "(spec)"}: ${i.message}`);
    } else {
      lines.push(`easel: ${e.message}`);
    }
    if (debug) lines.push(`  (HTTP ${e.status} ${e.code}${e.requestId ? `, request id ${e.requestId}` : ""})`);
  } else if (e instanceof CliError) {
    lines.push(`easel: ${e.message}`, ...e.details.map((d) => `  ${d}`));
  } else if (e instanceof ServerUnreachableError) {
    lines.push(`easel: ${e.message}`);
  } else {
    lines.push(`easel: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (debug && e instanceof Error && e.stack) lines.push(e.stack);
  cli.io.stderr.write(`${lines.join("\n")}\n`);
  return 1;
}
