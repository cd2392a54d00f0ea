import { describe, expect, it } from "vitest";
import { EMPTY_SHA256, MAX_SKEW_MS, sha256Hex, signedHeaders, verifySignature } from "../../src/auth/admin-signature.js";

const key = { id: "AK1", secret: "s3cret" };
const lookup = (id: string) => (id === key.id ? key.secret : undefined);

function check(headers: Record<string, string>, method = "POST", path = "/api/v1/services", now = Date.now()) {
  return verifySignature(
    { method, path, authorization: headers.authorization, timestamp: headers["x-easel-date"], bodySha256: headers["x-easel-content-sha256"] },
    lookup,
    now,
  );
}

describe("admin request signatures", () => {
  const body = sha256Hex('{"name":"x"}');
  it("accepts a correctly signed request", () => {
    expect(check(signedHeaders(key, "POST", "/api/v1/services", body))).toEqual({ failure: undefined, keyId: "AK1" });
  });
  it("rejects a missing header", () => {
    expect(check({}).failure).toBe("missing");
  });
  it("rejects a wrong secret", () => {
    expect(check(signedHeaders({ id: "AK1", secret: "nope" }, "POST", "/api/v1/services", body)).failure).toBe("bad-signature");
  });
  it("rejects an unknown key id", () => {
    expect(check(signedHeaders({ id: "AK2", secret: "s3cret" }, "POST", "/api/v1/services", body)).failure).toBe("unknown-key");
  });
  it("rejects a replayed request with an old timestamp", () => {
    const old = Date.now() - MAX_SKEW_MS - 1000;
    expect(check(signedHeaders(key, "POST", "/api/v1/services", body, old)).failure).toBe("stale");
  });
  it("binds method, path and body hash", () => {
    const h = signedHeaders(key, "POST", "/api/v1/services", body);
    expect(check(h, "DELETE").failure).toBe("bad-signature");
    expect(check(h, "POST", "/api/v1/services/other").failure).toBe("bad-signature");
    expect(check({ ...h, "x-easel-content-sha256": EMPTY_SHA256 }).failure).toBe("bad-signature");
  });
});
