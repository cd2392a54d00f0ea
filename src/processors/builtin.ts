// Registry of built-in processors (a model file is enough to deploy). Each lives in its
// own folder and is loaded only by the instance process that serves it.
import type { Processor } from "./types.js";

export const BUILTIN_PROCESSORS = ["pmml", "onnx"] as const;

export async function loadBuiltin(name: string, modelFile: string): Promise<Processor> {
  switch (name) {
    case "pmml": {
      const { createPmmlProcessor } = await import("./pmml/index.js");
      return createPmmlProcessor(modelFile);
    }
    case "onnx": {
      const { createOnnxProcessor } = await import("./onnx/index.js");
      return createOnnxProcessor(modelFile);
    }
    default:
      throw new Error(`unknown built-in processor "${name}" (available: ${BUILTIN_PROCESSORS.join(", ")})`);
  }
}
