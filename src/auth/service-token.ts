// Service token checks for the predict route. Three forms are accepted, as EAS does:
//   Authorization: <token>                 (curl in the tutorial)
//   Authorization: Bearer <token>
//   Authorization: EAS <base64 HMAC-SHA1(token, "POST\n<md5hex body>\n<content-type>\n<date>\n/api/predict/<svc>")>
// The last one is what the official clients (eas-prediction for Python, Go, Java) send;
// it never puts the token on the wire.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export type TokenCheck = "ok" | "missing" | "invalid";

export interface SignedParts {
  contentMd5: string | undefined;
  contentType: string | undefined;
  date: string | undefined;
  /** "/api/predict/<service>" — the clients sign the service path without a sub-path. */
  resource: string;
  body: Buffer;
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function easSignature(token: string, verb: string, md5hex: string, contentType: string, date: string, resource: string): string {
  const text = `${verb}\n${md5hex}\n${contentType}\n${date}\n${resource}`.trim();
  return createHmac("sha1", token).update(text).digest("base64");
}

/**
 * Checks one Authorization header against the service's tokens. `signed` is only
 * consulted (and the body hashed) for the EAS signature form.
 */
export function checkServiceToken(header: string | undefined, tokens: readonly Buffer[], signed: () => SignedParts): TokenCheck {
  if (!header) return "missing";
  if (header.startsWith("EAS ")) return checkEasSignature(header.slice(4).trim(), tokens, signed());
  const presented = Buffer.from(header.startsWith("Bearer ") ? header.slice(7).trim() : header.trim());
  // Compare against every token (no early exit on a match position) to keep timing flat.
  let ok = false;
  for (const t of tokens) ok = safeEqual(presented, t) || ok;
  return ok ? "ok" : "invalid";
}

function checkEasSignature(signature: string, tokens: readonly Buffer[], p: SignedParts): TokenCheck {
  const md5 = createHash("md5").update(p.body).digest("hex");
  // The header must match the body actually received, or the signature proves nothing about it.
  if (p.contentMd5 !== undefined && p.contentMd5 !== md5) return "invalid";
  const got = Buffer.from(signature);
  let ok = false;
  for (const t of tokens) {
    const want = Buffer.from(easSignature(t.toString(), "POST", md5, p.contentType ?? "", p.date ?? "", p.resource));
    ok = safeEqual(got, want) || ok;
  }
  return ok ? "ok" : "invalid";
}
