// The TypeScript codec against the vectors the Python SDK generated (docs/protocol-vectors.json):
// both sides of the wire must agree byte for byte.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  decodeBatchRequest,
  decodeBatchResponse,
  decodeRequest,
  decodeResponse,
  encodeBatchRequest,
  encodeBatchResponse,
  encodeFrame,
  encodeRequest,
  encodeResponse,
  FLAG_ERROR,
  FrameDecoder,
  FrameType,
  type Frame,
} from "../../src/runtime/protocol/index.js";

interface Vector {
  name: string;
  type: number;
  flags: number;
  id: number;
  payload_hex: string;
  frame_hex: string;
  decoded?: Record<string, unknown>;
}

const vectors = JSON.parse(readFileSync(new URL("../../docs/protocol-vectors.json", import.meta.url), "utf8")) as Vector[];
const hex = (s: string) => Buffer.from(s, "hex");

describe("protocol vectors", () => {
  it("covers every frame type", () => {
    expect(new Set(vectors.map((v) => v.type))).toEqual(new Set(Object.values(FrameType)));
  });

  for (const v of vectors) {
    it(`${v.name}: header and payload encode to the same bytes`, () => {
      expect(encodeFrame(v.type, v.id, hex(v.payload_hex), v.flags).toString("hex")).toBe(v.frame_hex);
      const frames: Frame[] = [];
      const bytes = hex(v.frame_hex);
      const d = new FrameDecoder();
      // Byte by byte: the decoder must cope with any split.
      for (let i = 0; i < bytes.length; i++) d.push(bytes.subarray(i, i + 1), (f) => frames.push(f));
      expect(frames).toHaveLength(1);
      expect(frames[0]!.type).toBe(v.type);
      expect(frames[0]!.id).toBe(v.id);
      expect(frames[0]!.flags).toBe(v.flags);
      expect(frames[0]!.payload.toString("hex")).toBe(v.payload_hex);
    });

    const dec = v.decoded;
    if (v.type === FrameType.REQUEST && dec) {
      it(`${v.name}: REQUEST fields`, () => {
        const r = decodeRequest(hex(v.payload_hex));
        expect(r.timeoutMs).toBe(dec.timeout_ms);
        expect(r.path).toBe(dec.path);
        expect(r.body.toString("hex")).toBe(dec.body_hex);
        expect(encodeRequest(v.id, r.timeoutMs, r.path, r.body).toString("hex")).toBe(v.frame_hex);
      });
    }
    if (v.type === FrameType.RESPONSE && dec) {
      it(`${v.name}: RESPONSE fields`, () => {
        const r = decodeResponse(hex(v.payload_hex));
        expect(r.status).toBe(dec.status);
        expect(r.body.toString("hex")).toBe(dec.body_hex);
        expect(encodeResponse(v.id, r.status, r.body, (v.flags & FLAG_ERROR) !== 0).toString("hex")).toBe(v.frame_hex);
      });
    }
    if (v.type === FrameType.BATCH_REQUEST && dec) {
      it(`${v.name}: BATCH_REQUEST fields`, () => {
        const r = decodeBatchRequest(hex(v.payload_hex));
        expect(r.items.map((b) => b.toString("hex"))).toEqual(dec.items_hex);
        expect(encodeBatchRequest(v.id, r.timeoutMs, r.path, r.items).toString("hex")).toBe(v.frame_hex);
      });
    }
    if (v.type === FrameType.BATCH_RESPONSE && dec) {
      it(`${v.name}: BATCH_RESPONSE fields`, () => {
        const items = decodeBatchResponse(hex(v.payload_hex));
        const want = dec.items as { status: number; flags: number; body_hex: string }[];
        expect(items.map((i) => ({ status: i.status, flags: i.error ? 1 : 0, body_hex: i.body.toString("hex") }))).toEqual(want);
        expect(encodeBatchResponse(v.id, items).toString("hex")).toBe(v.frame_hex);
      });
    }
  }

  it("decodes several frames from one chunk and a large body split in many", () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const all = Buffer.concat([encodeFrame(FrameType.PING, 1), encodeRequest(2, 100, "/x", big), encodeFrame(FrameType.PONG, 3)]);
    const got: Frame[] = [];
    const d = new FrameDecoder();
    for (let i = 0; i < all.length; i += 65536) d.push(all.subarray(i, i + 65536), (f) => got.push(f));
    expect(got.map((f) => f.type)).toEqual([FrameType.PING, FrameType.REQUEST, FrameType.PONG]);
    expect(decodeRequest(got[1]!.payload).body.equals(big)).toBe(true);
  });

  it("refuses a frame longer than 1 GiB instead of buffering it", () => {
    const head = Buffer.alloc(10);
    head.writeUInt32BE(0x50000000, 0);
    head.writeUInt8(FrameType.RESPONSE, 4);
    expect(() => new FrameDecoder().push(head, () => undefined)).toThrow(/exceeds/);
  });
});
