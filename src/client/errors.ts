// Errors the admin client throws. The CLI prints `message` as is, so each one must read
// as a complete, actionable sentence.
import type { ApiIssue } from "./types.js";

/** The server answered with an error ({ code, message, request_id, issues? }). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly issues?: ApiIssue[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** No HTTP answer at all: refused, unknown host, timed out. */
export class ServerUnreachableError extends Error {
  constructor(
    readonly endpoint: string,
    readonly reason: string,
  ) {
    super(`cannot reach the Easel server at ${endpoint} (is "easel server" running?)${reason ? ` [${reason}]` : ""}`);
    this.name = "ServerUnreachableError";
  }
}

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNRESET",
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
]);

/** The network error code of a failed request (undici nests it in `cause`), when it means "no server". */
export function unreachableCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return code;
    const inner = (e as { errors?: unknown }).errors; // AggregateError (IPv4 + IPv6 attempts)
    if (Array.isArray(inner)) for (const x of inner) if (unreachableCode(x)) return unreachableCode(x);
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
