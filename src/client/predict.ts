// Calls a service the way users do (curl with the token): not signed, token in the
// Authorization header, raw bytes in and out.
import { httpRequest } from "./http.js";
import { normalizeEndpoint } from "./endpoint.js";
import { ServerUnreachableError, unreachableCode } from "./errors.js";

export interface PredictResult {
  status: number;
  body: Buffer;
  /** The gateway's request id (x-easel-request-id), when it sent one. */
  requestId?: string;
  contentType?: string;
}

export async function predict(opts: {
  endpoint: string;
  service: string;
  token: string;
  body: Buffer | string;
  subpath?: string;
  signal?: AbortSignal;
}): Promise<PredictResult> {
  const base = normalizeEndpoint(opts.endpoint);
  const sub = opts.subpath ? `/${opts.subpath.replace(/^\/+/, "")}` : "";
  const url = `${base}/api/predict/${encodeURIComponent(opts.service)}${sub}`;
  try {
    const res = await httpRequest(url, {
      method: "POST",
      headers: { authorization: opts.token, "content-type": "application/octet-stream" },
      body: opts.body,
      signal: opts.signal,
    });
    const body = Buffer.from(await res.body.arrayBuffer());
    const header = (h: string) => {
      const v = res.headers[h];
      return Array.isArray(v) ? v[0] : v;
    };
    return { status: res.statusCode, body, requestId: header("x-easel-request-id"), contentType: header("content-type") };
  } catch (e) {
    const code = unreachableCode(e);
    if (code) throw new ServerUnreachableError(base, code);
    throw e;
  }
}
