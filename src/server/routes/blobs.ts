// Admin API: streamed blob upload (processor packages, model files). The signed body
// hash is the blob's own sha256, so the check happens once the bytes are on disk.
import type { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { BODY_HASH_HEADER } from "../../auth/admin-signature.js";
import { type BlobStore, BlobTooLargeError, toTargetPath } from "../../blobs/index.js";
import { ApiError } from "../../control/errors.js";

export function registerBlobRoutes(app: FastifyInstance, blobs: BlobStore, maxBytes: number): void {
  app.post("/api/v1/blobs", { bodyLimit: Number.MAX_SAFE_INTEGER }, async (req, reply) => {
    const stream = req.body as Readable | undefined;
    if (!stream || typeof (stream as Readable).pipe !== "function") {
      throw new ApiError("UnsupportedMediaType", "upload the file as Content-Type: application/octet-stream");
    }
    let put;
    try {
      put = await blobs.put(stream, { maxBytes });
    } catch (e) {
      if (e instanceof BlobTooLargeError) throw new ApiError("BlobTooLarge", `upload is larger than the limit of ${maxBytes} bytes`);
      throw e;
    }
    if (req.headers[BODY_HASH_HEADER] !== put.sha256) {
      if (!put.existed) blobs.remove(put.sha256);
      throw new ApiError("Unauthorized", `${BODY_HASH_HEADER} does not match the uploaded bytes`);
    }
    reply.code(201);
    return { sha256: put.sha256, size: put.size, target_path: toTargetPath(put.sha256) };
  });
}
