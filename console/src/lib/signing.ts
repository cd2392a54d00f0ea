// EASEL-HMAC-SHA256 request signing, the browser side of src/auth/admin-signature.ts:
//   string-to-sign = METHOD \n PATH?QUERY \n TIMESTAMP(ms) \n SHA256-HEX(body)
// WebCrypto when the page is a secure context, the plain implementation otherwise.
import { hmacSha256, Sha256, sha256, toHex } from "./sha256";

export interface AdminKey {
  id: string;
  secret: string;
}

const enc = new TextEncoder();
const subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle;
/** Files above this are hashed in slices instead of being read into memory at once. */
const WHOLE_FILE_LIMIT = 64 * 1024 * 1024;
const SLICE = 4 * 1024 * 1024;

export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? enc.encode(data) : data;
  if (bytes.length === 0) return EMPTY_SHA256;
  if (subtle) return toHex(new Uint8Array(await subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)));
  return toHex(sha256(bytes));
}

/** The sha256 of a file the user picked, without loading a big one whole. */
export async function sha256File(file: Blob, onProgress?: (done: number) => void): Promise<string> {
  if (subtle && file.size <= WHOLE_FILE_LIMIT) return sha256Hex(new Uint8Array(await file.arrayBuffer()));
  const h = new Sha256();
  for (let off = 0; off < file.size; off += SLICE) {
    h.update(new Uint8Array(await file.slice(off, off + SLICE).arrayBuffer()));
    onProgress?.(Math.min(file.size, off + SLICE));
  }
  return toHex(h.digest());
}

export async function hmacHex(secret: string, message: string): Promise<string> {
  if (subtle) {
    const key = await subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return toHex(new Uint8Array(await subtle.sign("HMAC", key, enc.encode(message))));
  }
  return toHex(hmacSha256(enc.encode(secret), enc.encode(message)));
}

export async function signedHeaders(key: AdminKey, method: string, path: string, bodySha256: string, now = Date.now()): Promise<Record<string, string>> {
  const ts = String(now);
  const signature = await hmacHex(key.secret, `${method.toUpperCase()}\n${path}\n${ts}\n${bodySha256}`);
  return {
    authorization: `EASEL-HMAC-SHA256 Credential=${key.id}, Signature=${signature}`,
    "x-easel-date": ts,
    "x-easel-content-sha256": bodySha256,
  };
}
