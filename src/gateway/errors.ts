// Gateway errors map one-to-one to the status codes EAS documents, so that
// official clients (which retry 5xx and not 4xx) behave as they do on EAS.
export type GatewayErrorCode =
  | "ProcessorError" // 400
  | "Unauthorized" // 401
  | "ServiceNotFound" // 404
  | "MethodNotAllowed" // 405
  | "RequestTimeout" // 408
  | "PayloadTooLarge" // 413
  | "RateLimited" // 429
  | "QueueFull" // 450
  | "InstanceCrashed" // 502
  | "NoReadyInstance"; // 503

const STATUS: Record<GatewayErrorCode, number> = {
  ProcessorError: 400,
  Unauthorized: 401,
  ServiceNotFound: 404,
  MethodNotAllowed: 405,
  RequestTimeout: 408,
  PayloadTooLarge: 413,
  RateLimited: 429,
  QueueFull: 450,
  InstanceCrashed: 502,
  NoReadyInstance: 503,
};

export class GatewayError extends Error {
  readonly status: number;
  constructor(readonly code: GatewayErrorCode, message: string) {
    super(message);
    this.name = "GatewayError";
    this.status = STATUS[code];
  }
}

export function errorBody(code: string, message: string, requestId: string): string {
  return JSON.stringify({ code, message, request_id: requestId });
}
