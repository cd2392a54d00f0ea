// Worker protocol v1 (docs/protocol.md): a 10-byte header — u32 payload length, u8 type,
// u8 flags, u32 id, big-endian — then the payload. Shared by the server (runtime driver)
// and the TypeScript worker host.
export const PROTOCOL_VERSION = 1;
export const HEADER_BYTES = 10;
export const MAX_PAYLOAD = 1024 ** 3;

export const FrameType = {
  HELLO: 1,
  READY: 2,
  INIT_ERROR: 3,
  REQUEST: 4,
  RESPONSE: 5,
  CANCEL: 6,
  PING: 7,
  PONG: 8,
  DRAIN: 9,
  BATCH_REQUEST: 10,
  BATCH_RESPONSE: 11,
  GOODBYE: 12,
} as const;
export type FrameTypeCode = (typeof FrameType)[keyof typeof FrameType];

export const FLAG_ERROR = 1;

export interface Frame {
  type: number;
  flags: number;
  id: number;
  payload: Buffer;
}

export function encodeFrame(type: number, id: number, payload: Buffer = EMPTY, flags = 0): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  writeHeader(out, payload.length, type, flags, id);
  payload.copy(out, HEADER_BYTES);
  return out;
}

export function encodeJson(type: number, value: unknown): Buffer {
  return encodeFrame(type, 0, Buffer.from(JSON.stringify(value), "utf8"));
}

/** REQUEST: u32 timeout_ms, u16 path_len, path, body — built in one allocation (hot path). */
export function encodeRequest(id: number, timeoutMs: number, path: string, body: Buffer): Buffer {
  const pathLen = path.length === 0 ? 0 : Buffer.byteLength(path);
  const len = 6 + pathLen + body.length;
  const out = Buffer.allocUnsafe(HEADER_BYTES + len);
  writeHeader(out, len, FrameType.REQUEST, 0, id);
  out.writeUInt32BE(Math.max(0, Math.min(0xffffffff, Math.ceil(timeoutMs))), 10);
  out.writeUInt16BE(pathLen, 14);
  if (pathLen) out.write(path, 16, "utf8");
  body.copy(out, 16 + pathLen);
  return out;
}

export function decodeRequest(payload: Buffer): { timeoutMs: number; path: string; body: Buffer } {
  if (payload.length < 6) throw new ProtocolError("REQUEST payload shorter than 6 bytes");
  const timeoutMs = payload.readUInt32BE(0);
  const pathLen = payload.readUInt16BE(4);
  if (payload.length < 6 + pathLen) throw new ProtocolError("REQUEST path runs past the payload");
  return { timeoutMs, path: payload.toString("utf8", 6, 6 + pathLen), body: payload.subarray(6 + pathLen) };
}

export function encodeResponse(id: number, status: number, body: Buffer, error = false): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + 2 + body.length);
  writeHeader(out, 2 + body.length, FrameType.RESPONSE, error ? FLAG_ERROR : 0, id);
  out.writeUInt16BE(status, 10);
  body.copy(out, 12);
  return out;
}

export function decodeResponse(payload: Buffer): { status: number; body: Buffer } {
  if (payload.length < 2) throw new ProtocolError("RESPONSE payload shorter than 2 bytes");
  return { status: payload.readUInt16BE(0), body: payload.subarray(2) };
}

export function encodeBatchRequest(id: number, timeoutMs: number, path: string, items: Buffer[]): Buffer {
  const p = Buffer.from(path, "utf8");
  const size = 6 + p.length + 4 + items.reduce((n, b) => n + 4 + b.length, 0);
  const out = Buffer.allocUnsafe(HEADER_BYTES + size);
  writeHeader(out, size, FrameType.BATCH_REQUEST, 0, id);
  let o = HEADER_BYTES;
  o = out.writeUInt32BE(Math.max(0, Math.ceil(timeoutMs)), o);
  o = out.writeUInt16BE(p.length, o);
  o += p.copy(out, o);
  o = out.writeUInt32BE(items.length, o);
  for (const b of items) {
    o = out.writeUInt32BE(b.length, o);
    o += b.copy(out, o);
  }
  return out;
}

export function decodeBatchRequest(payload: Buffer): { timeoutMs: number; path: string; items: Buffer[] } {
  const timeoutMs = payload.readUInt32BE(0);
  const pathLen = payload.readUInt16BE(4);
  const path = payload.toString("utf8", 6, 6 + pathLen);
  let o = 6 + pathLen;
  const count = payload.readUInt32BE(o);
  o += 4;
  const items: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const len = payload.readUInt32BE(o);
    o += 4;
    if (o + len > payload.length) throw new ProtocolError("BATCH_REQUEST item runs past the payload");
    items.push(payload.subarray(o, o + len));
    o += len;
  }
  return { timeoutMs, path, items };
}

export interface BatchItemResult {
  status: number;
  error: boolean;
  body: Buffer;
}

export function encodeBatchResponse(id: number, results: BatchItemResult[]): Buffer {
  const size = 4 + results.reduce((n, r) => n + 7 + r.body.length, 0);
  const out = Buffer.allocUnsafe(HEADER_BYTES + size);
  writeHeader(out, size, FrameType.BATCH_RESPONSE, 0, id);
  let o = out.writeUInt32BE(results.length, HEADER_BYTES);
  for (const r of results) {
    o = out.writeUInt16BE(r.status, o);
    o = out.writeUInt8(r.error ? FLAG_ERROR : 0, o);
    o = out.writeUInt32BE(r.body.length, o);
    o += r.body.copy(out, o);
  }
  return out;
}

export function decodeBatchResponse(payload: Buffer): BatchItemResult[] {
  const count = payload.readUInt32BE(0);
  const out: BatchItemResult[] = [];
  let o = 4;
  for (let i = 0; i < count; i++) {
    const status = payload.readUInt16BE(o);
    const flags = payload.readUInt8(o + 2);
    const len = payload.readUInt32BE(o + 3);
    o += 7;
    if (o + len > payload.length) throw new ProtocolError("BATCH_RESPONSE item runs past the payload");
    out.push({ status, error: (flags & FLAG_ERROR) !== 0, body: payload.subarray(o, o + len) });
    o += len;
  }
  return out;
}

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

const EMPTY = Buffer.alloc(0);

function writeHeader(out: Buffer, len: number, type: number, flags: number, id: number): void {
  out.writeUInt32BE(len, 0);
  out.writeUInt8(type, 4);
  out.writeUInt8(flags, 5);
  out.writeUInt32BE(id >>> 0, 6);
}
