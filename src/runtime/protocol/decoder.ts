// Incremental frame decoder for a byte stream. Chunks are kept in a list and joined
// once per frame, so a 32 MiB body arriving in 64 KiB reads is copied once, not 512 times.
import { HEADER_BYTES, MAX_PAYLOAD, ProtocolError, type Frame } from "./frames.js";

export class FrameDecoder {
  private chunks: Buffer[] = [];
  private total = 0;

  /** Feeds bytes; calls onFrame for each complete frame. Throws ProtocolError on garbage. */
  push(chunk: Buffer, onFrame: (f: Frame) => void): void {
    this.chunks.push(chunk);
    this.total += chunk.length;
    for (;;) {
      if (this.total < HEADER_BYTES) return;
      const head = this.peek(HEADER_BYTES);
      const len = head.readUInt32BE(0);
      if (len > MAX_PAYLOAD) throw new ProtocolError(`frame of ${len} bytes exceeds the 1 GiB limit`);
      if (this.total < HEADER_BYTES + len) return;
      const all = this.take(HEADER_BYTES + len);
      onFrame({ type: all.readUInt8(4), flags: all.readUInt8(5), id: all.readUInt32BE(6), payload: all.subarray(HEADER_BYTES) });
    }
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) return first;
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined;
  }

  private take(n: number): Buffer {
    let first = this.chunks[0]!;
    if (first.length < n) {
      first = Buffer.concat(this.chunks);
      this.chunks = [first];
    }
    const out = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.total -= n;
    return out;
  }
}
