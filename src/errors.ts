// Every error code Easel answers with, on every surface (predict gateway, admin API,
// `easel dev`), and the HTTP status it always carries. A code is stable once shipped:
// clients and scripts match on it. Errors are answered as JSON
// { code, message, request_id, issues? }; `message` says what was wrong and what to do.
export const ERRORS = {
  // ---- both planes ----
  BadRequest: 400,
  InvalidPath: 400,
  InvalidJson: 400,
  InvalidQuery: 400,
  Unauthorized: 401,
  NotFound: 404,
  MethodNotAllowed: 405,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  Internal: 500,
  InsufficientStorage: 507,
  // ---- data plane (the status codes EAS documents, so official clients retry as on EAS) ----
  ProcessorError: 400,
  ServiceNotFound: 404,
  RequestTimeout: 408,
  RateLimited: 429,
  QueueFull: 450,
  InstanceCrashed: 502,
  ResponseTooLarge: 502,
  NoReadyInstance: 503,
  InstanceDraining: 503,
  // ---- admin plane ----
  InvalidSpec: 400,
  InvalidVersion: 400,
  VersionNotFound: 404,
  InstanceNotFound: 404,
  ServiceExists: 409,
  ServiceBusy: 409,
  BlobTooLarge: 413,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorIssue {
  path: string;
  message: string;
}

export class EaselError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
    this.name = "EaselError";
    this.status = ERRORS[code];
  }
}

export function isErrorCode(s: string): s is ErrorCode {
  return Object.hasOwn(ERRORS, s);
}

/** The JSON body of an error answer. */
export function errorJson(code: ErrorCode, message: string, requestId: string, issues?: ErrorIssue[]): string {
  return JSON.stringify(issues ? { code, message, request_id: requestId, issues } : { code, message, request_id: requestId });
}
