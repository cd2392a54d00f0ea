export * from "./frames.js";
export { FrameDecoder } from "./decoder.js";
export { InFlightTable } from "./in-flight.js";
