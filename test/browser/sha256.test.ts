// The console's plain-TypeScript SHA-256/HMAC (used where WebCrypto is unavailable, and
// for large uploads) must agree with node:crypto, or the server refuses its signatures.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hmacSha256, Sha256, sha256, toHex } from "../../console/src/lib/sha256.js";

describe("console sha256", () => {
  it("matches node:crypto for every padding boundary, in one go and in odd chunks", () => {
    for (const len of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 100_003]) {
      const data = randomBytes(len);
      const want = createHash("sha256").update(data).digest("hex");
      expect(toHex(sha256(data)), `length ${len}`).toBe(want);
      const h = new Sha256();
      for (let i = 0; i < len; i += 37) h.update(data.subarray(i, i + 37));
      expect(toHex(h.digest()), `length ${len} chunked`).toBe(want);
    }
  });

  it("HMAC-SHA256 matches node:crypto for short, block-sized and long keys", () => {
    for (const keyLen of [0, 10, 32, 64, 65, 200]) {
      const key = randomBytes(keyLen);
      const msg = Buffer.from(`POST\n/api/v1/services\n${Date.now()}\n${"ab".repeat(32)}`);
      expect(toHex(hmacSha256(key, msg))).toBe(createHmac("sha256", key).update(msg).digest("hex"));
    }
  });
});
