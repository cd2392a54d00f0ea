// The in-process processor contract shared by TypeScript processors and the
// built-in ones (pmml, onnx). Each runs inside its own instance process, behind
// the same worker protocol as Python processors.

export type ProcessOutput =
  | Buffer
  | Uint8Array
  | string
  | number
  | [body: Buffer | Uint8Array | string | number, status: number];

export interface Processor {
  initialize?(): void | Promise<void>;
  process(data: Buffer): ProcessOutput | Promise<ProcessOutput>;
}

/** Normalized answer: status 0 is mapped to 200 by the caller. */
export interface ProcessResult {
  status: number;
  body: Buffer;
}

export function normalizeOutput(out: ProcessOutput): ProcessResult {
  let body: Buffer | Uint8Array | string | number;
  let status = 200;
  if (Array.isArray(out)) {
    [body, status] = out;
  } else {
    body = out;
  }
  if (status === 0) status = 200;
  const buf =
    typeof body === "string" ? Buffer.from(body)
    : typeof body === "number" ? Buffer.from(String(body))
    : Buffer.isBuffer(body) ? body
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return { status, body: buf };
}
