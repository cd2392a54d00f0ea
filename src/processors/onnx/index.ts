// Placeholder until the ONNX processor lands.
import type { Processor } from "../types.js";

export function createOnnxProcessor(modelFile: string): Promise<Processor> {
  return Promise.reject(new Error(`the onnx processor is not implemented yet (model ${modelFile})`));
}
