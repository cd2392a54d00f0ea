// Registry of built-in processors (a model file is enough to deploy).
import type { Processor } from "./types.js";

export async function loadBuiltin(name: string, modelFile: string): Promise<Processor> {
  switch (name) {
    default:
      throw new Error(`built-in processor "${name}" is not available in this Easel build (model ${modelFile})`);
  }
}
