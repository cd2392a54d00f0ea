// Admin-plane errors are the shared registry's (src/errors.ts): the code fixes the status.
import { EaselError, type ErrorIssue } from "../errors.js";

export type ApiIssue = ErrorIssue;
export { EaselError as ApiError };

export const notFound = (name: string) => new EaselError("ServiceNotFound", `service "${name}" not found`);
