// Admin API request signing, shared by the CLI client and the server.
//
//   string-to-sign = METHOD \n PATH(with query) \n TIMESTAMP(ms since epoch) \n SHA256-HEX(body)
//   Authorization: EASEL-HMAC-SHA256 Credential=<key id>, Signature=<hex HMAC-SHA256(secret, string-to-sign)>
//   X-Easel-Date: <timestamp>   X-Easel-Content-Sha256: <body hash>
//
// The body hash header lets the server verify a streamed upload (a blob) after
// it has been hashed on the way to disk, without buffering it.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const AUTH_SCHEME = "EASEL-HMAC-SHA256";
export const DATE_HEADER = "x-easel-date";
export const BODY_HASH_HEADER = "x-easel-content-sha256";
/** Requests whose timestamp is further than this from the server clock are refused (replay window). */
export const MAX_SKEW_MS = 15 * 60 * 1000;

export const EMPTY_SHA256 = createHash("sha256").update("").digest("hex");

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export function stringToSign(method: string, path: string, timestamp: string, bodySha256: string): string {
  return `${method.toUpperCase()}\n${path}\n${timestamp}\n${bodySha256}`;
}

export function sign(secret: string, method: string, path: string, timestamp: string, bodySha256: string): string {
  return createHmac("sha256", secret).update(stringToSign(method, path, timestamp, bodySha256)).digest("hex");
}

/** Headers a client adds to an admin request. */
export function signedHeaders(
  key: { id: string; secret: string },
  method: string,
  path: string,
  bodySha256: string = EMPTY_SHA256,
  now: number = Date.now(),
): Record<string, string> {
  const ts = String(now);
  return {
    authorization: `${AUTH_SCHEME} Credential=${key.id}, Signature=${sign(key.secret, method, path, ts, bodySha256)}`,
    [DATE_HEADER]: ts,
    [BODY_HASH_HEADER]: bodySha256,
  };
}

export interface ParsedAuth {
  keyId: string;
  signature: string;
}

export function parseAuthorization(header: string | undefined): ParsedAuth | undefined {
  if (!header) return undefined;
  const m = /^EASEL-HMAC-SHA256\s+Credential=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(header.trim());
  if (!m) return undefined;
  return { keyId: m[1]!, signature: m[2]! };
}

export type VerifyFailure = "missing" | "malformed" | "unknown-key" | "stale" | "bad-signature";

/**
 * Checks the signature part of a request (the body hash is checked against the
 * real body separately). Returns undefined when the request is good.
 */
export function verifySignature(
  input: { method: string; path: string; authorization?: string; timestamp?: string; bodySha256?: string },
  lookupSecret: (keyId: string) => string | undefined,
  now: number = Date.now(),
): { failure: VerifyFailure; message: string } | { failure: undefined; keyId: string } {
  if (!input.authorization) return { failure: "missing", message: "admin request is not signed (no Authorization header)" };
  const parsed = parseAuthorization(input.authorization);
  if (!parsed) return { failure: "malformed", message: `Authorization header is not "${AUTH_SCHEME} Credential=<id>, Signature=<hex>"` };
  const ts = input.timestamp ?? "";
  const tsNum = Number(ts);
  if (!/^\d{1,16}$/.test(ts) || !Number.isFinite(tsNum)) return { failure: "malformed", message: `${DATE_HEADER} must be milliseconds since the epoch` };
  if (Math.abs(now - tsNum) > MAX_SKEW_MS) {
    return { failure: "stale", message: `request timestamp is more than ${MAX_SKEW_MS / 60000} minutes from the server clock (replayed or clock skew)` };
  }
  const bodyHash = input.bodySha256 ?? "";
  if (!/^[0-9a-f]{64}$/.test(bodyHash)) return { failure: "malformed", message: `${BODY_HASH_HEADER} must be a hex SHA-256` };
  const secret = lookupSecret(parsed.keyId);
  if (secret === undefined) return { failure: "unknown-key", message: `unknown access key id "${parsed.keyId}"` };
  const expected = Buffer.from(sign(secret, input.method, input.path, ts, bodyHash), "hex");
  const got = Buffer.from(parsed.signature, "hex");
  if (expected.length !== got.length || !timingSafeEqual(expected, got)) {
    return { failure: "bad-signature", message: "signature does not match (wrong access key secret?)" };
  }
  return { failure: undefined, keyId: parsed.keyId };
}
