// A control-plane error the admin API answers as JSON { code, message, request_id, issues? }.
export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: ApiIssue[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const notFound = (name: string) => new ApiError(404, "ServiceNotFound", `service "${name}" not found`);
