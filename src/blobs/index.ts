export { BlobStore, BlobTooLargeError, type PutResult } from "./blob-store.js";
export { packDirectory, safeExtract, UnsafeArchiveError, type PackOptions, type PackProgress } from "./archive.js";
export { toTargetPath, parseTargetPath, isSha256 } from "./target.js";
