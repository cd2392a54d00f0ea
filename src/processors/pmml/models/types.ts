// Shared shapes of compiled models.
import type { FieldInfo, PreparedField } from "../fields.js";
import type { CompileContext } from "../transformations.js";
import type { Scope, Value } from "../values.js";

export type FunctionName = "regression" | "classification" | "clustering";

export interface ModelResult {
  /** Predicted value: a category (string) for classification/clustering, a number for regression; null = none. */
  value: Value;
  /** Classification: probability per category (category strings as in the PMML). */
  probabilities?: Map<string, number>;
  /** Per-category confidence when it differs from probability (trees with confidence). */
  confidences?: Map<string, number>;
  /** Id of the winning node / cluster / segment. */
  entityId?: string | null;
  /** Clustering: 1-based index of the winning cluster. */
  clusterIndex?: number;
  /** Clustering: distance/similarity per cluster id. */
  affinities?: Map<string, number>;
  /** Output fields of the deciding segment (modelChain/selectFirst), reported with the top-level results. */
  segmentOutputs?: Map<string, Value>;
  /** Scorecard: reason codes, best first. */
  reasonCodes?: string[];
}

/** What a model family compiler gets. */
export interface ModelContext {
  ctx: CompileContext;
  functionName: FunctionName;
  target: FieldInfo | null;
  /** Target categories (classification), from the DataDictionary or the model. */
  categories: string[];
  /** x-mathContext="float": aggregate in single precision like JPMML. */
  float: boolean;
}

export type FamilyEvaluator = (scope: Scope) => ModelResult;

export interface CompiledModel {
  functionName: FunctionName;
  target: FieldInfo | null;
  categories: string[];
  /** Evaluate in a child scope of `parent`; returns the result and the model's output fields. */
  evaluate(parent: Scope): { result: ModelResult; outputs: Map<string, Value> };
  outputFields: { name: string; finalResult: boolean; info: FieldInfo }[];
  /** Top-level model only: the active input fields with their DataField and MiningField. */
  inputs?: PreparedField[];
}
