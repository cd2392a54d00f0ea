// Built-in PMML processor: a pure TypeScript PMML 3.x/4.x evaluator (no JVM at serving time).
// The model is parsed, validated and compiled when the processor is created: an unsupported
// element fails here with a message naming it and its location in the document.
//
// Request: one JSON record (object) or an array of records, keyed by DataField name.
// Response: same shape; per record { <target>: predicted value, ...final OutputFields }. A model
// without <Output> that is a classifier also gets "probability(<category>)" (JPMML/sklearn2pmml
// naming); a modelChain/selectFirst ensemble without its own Output reports the deciding segment's
// output fields (as JPMML does). A model without a target field reports "prediction" (clustering: "cluster").
// Invalid input → 400 {"error": "record <i>: field \"<name>\": ..."} (i = 0-based array index).
//
// Modules: xml.ts (XML → element tree), values.ts (types, scope), fields.ts (DataDictionary,
// MiningSchema treatments), functions.ts / transformations.ts (expressions), predicates.ts,
// models/* (one per family), output.ts (Targets, OutputFields), evaluator.ts, processor.ts.
import type { Processor } from "../types.js";
import { createProcessor } from "./processor.js";

export { PmmlEvaluator, type OutputRecord } from "./evaluator.js";
export { PmmlError } from "./xml.js";
export { EvalError } from "./values.js";
export { scoreBody } from "./processor.js";

export function createPmmlProcessor(modelFile: string): Promise<Processor> {
  return createProcessor(modelFile);
}
