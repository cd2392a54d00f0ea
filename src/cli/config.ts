// Which server and key the CLI uses: flags > -c file > <home>/config.json (written by
// the server's first start, so local use needs no `easel config`).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { normalizeEndpoint } from "../client/endpoint.js";
import { DEFAULT_HOST, DEFAULT_PORT, paths, type CliConfig } from "../util/home.js";
import { CliError } from "./errors.js";

export interface ConfigFlags {
  accessId?: string;
  accessKey?: string;
  endpoint?: string;
  /** -c CONFIG_FILE */
  config?: string;
}

export interface ResolvedConfig {
  endpoint: string;
  accessId?: string;
  accessKey?: string;
  /** The file the key came from, or "flags" — named in error messages. */
  source: string;
}

export const DEFAULT_ENDPOINT = `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;

export function resolveConfig(flags: ConfigFlags, home: string): ResolvedConfig {
  const file = flags.config ?? paths.cliConfig(home);
  let fromFile: Partial<CliConfig> = {};
  if (flags.config !== undefined || existsSync(file)) fromFile = readConfigFile(file);
  const keyFromFlags = flags.accessId !== undefined && flags.accessKey !== undefined;
  return {
    endpoint: normalizeEndpoint(flags.endpoint ?? fromFile.endpoint ?? DEFAULT_ENDPOINT),
    accessId: flags.accessId ?? fromFile.access_id,
    accessKey: flags.accessKey ?? fromFile.access_key,
    source: keyFromFlags ? "the -i/-k flags" : file,
  };
}

export function readConfigFile(file: string): Partial<CliConfig> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(`cannot read the config file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error("not a JSON object");
    const o = v as Record<string, unknown>;
    const str = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : undefined);
    return { access_id: str("access_id"), access_key: str("access_key"), endpoint: str("endpoint") };
  } catch (e) {
    throw new CliError(`the config file ${file} is not valid: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Writes a config with mode 0600 (it holds a secret). */
export function writeConfigFile(file: string, cfg: CliConfig): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(cfg, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}
