import type { Processor } from "../types.js";
import { OnnxProcessor } from "./processor.js";

/** The model is loaded in initialize(), so a bad file fails the instance with ORT's own message. */
export function createOnnxProcessor(modelFile: string): Promise<Processor> {
  return Promise.resolve(new OnnxProcessor(modelFile));
}
