// Placeholder until the PMML evaluator lands: deploy-time refusal with a clear reason.
import type { Processor } from "../types.js";

export function createPmmlProcessor(modelFile: string): Promise<Processor> {
  return Promise.reject(new Error(`the pmml processor is not implemented yet (model ${modelFile})`));
}
