// Public surface of the admin API client (used by the CLI; usable by scripts and tests).
export { AdminClient, type AdminClientOptions } from "./admin-client.js";
export { ApiError, ServerUnreachableError } from "./errors.js";
export { normalizeEndpoint } from "./endpoint.js";
export { predict, type PredictResult } from "./predict.js";
export type * from "./types.js";
