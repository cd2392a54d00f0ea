// Data-plane errors are the shared registry's (src/errors.ts): the code fixes the status,
// which is the one EAS documents, so official clients (which retry 5xx and not 4xx)
// behave as they do on EAS.
import { EaselError, errorJson, type ErrorCode } from "../errors.js";

export { EaselError as GatewayError };
export type GatewayErrorCode = ErrorCode;

export function errorBody(code: ErrorCode, message: string, requestId: string): string {
  return errorJson(code, message, requestId);
}
