// Every /api/v1 request must be signed with an access key (src/auth/admin-signature.ts).
// The signature covers a body hash header; here we also check that header against the
// bytes actually received, so a signed request cannot carry a different body.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { BODY_HASH_HEADER, DATE_HEADER, EMPTY_SHA256, sha256Hex, verifySignature } from "../auth/admin-signature.js";
import { ApiError } from "../control/errors.js";

declare module "fastify" {
  interface FastifyRequest {
    /** sha256 of the JSON body as received (set by the JSON parser). */
    bodySha256?: string;
  }
}

export const ADMIN_PREFIX = "/api/v1/";

export function registerAdminAuth(app: FastifyInstance, lookupSecret: (id: string) => string | undefined): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (req, body: Buffer, done) => {
    req.bodySha256 = sha256Hex(body);
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString("utf8")) as unknown);
    } catch (e) {
      done(new ApiError("InvalidJson", `request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`), undefined);
    }
  });
  // Blob uploads: hand the raw stream to the route, which hashes it on the way to disk.
  app.addContentTypeParser("application/octet-stream", (_req, payload, done) => done(null, payload));

  app.addHook("onRequest", async (req) => {
    if (!req.url.startsWith(ADMIN_PREFIX)) return;
    const r = verifySignature(
      {
        method: req.method,
        path: req.url,
        authorization: req.headers.authorization,
        timestamp: header(req, DATE_HEADER),
        bodySha256: header(req, BODY_HASH_HEADER),
      },
      lookupSecret,
    );
    if (r.failure) throw new ApiError("Unauthorized", r.message);
  });

  app.addHook("preHandler", async (req) => {
    if (!req.url.startsWith(ADMIN_PREFIX)) return;
    if (req.headers["content-type"]?.startsWith("application/octet-stream")) return; // checked by the blob route
    const declared = header(req, BODY_HASH_HEADER);
    const actual = req.bodySha256 ?? EMPTY_SHA256;
    if (declared !== actual) throw new ApiError("Unauthorized", `${BODY_HASH_HEADER} does not match the body received`);
  });
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
