export * from "./frames.js";
export { FrameDecoder } from "./decoder.js";
