// Output fields (predictedValue, probability, transformedValue, ...) and Targets post-processing.
import type { FieldInfo } from "./fields.js";
import type { ModelResult, ModelContext } from "./models/types.js";
import { type CompileContext, type Expr, compileExpression, expressionChild } from "./transformations.js";
import { type DataType, type Value, EvalError, Scope, castValue, dataTypeOf, opTypeOf, parseTyped, sameValue, valueToString } from "./values.js";
import { type XmlElement, attr, checkChildren, children, invalid, numAttr, reqAttr, unsupported, unsupportedAttr } from "./xml.js";

export interface TargetSpec {
  min?: number;
  max?: number;
  rescaleFactor: number;
  rescaleConstant: number;
  castInteger?: "round" | "ceiling" | "floor";
  defaultValue: Value;
  priors: Map<string, number>;
  displayValues: Map<string, string>;
}

export function parseTargets(el: XmlElement | undefined, target: FieldInfo | null): TargetSpec | null {
  if (!el) return null;
  checkChildren(el, ["Target"]);
  const ts = children(el, "Target");
  const t = ts.find((x) => attr(x, "field") === undefined || attr(x, "field") === target?.name) ?? ts[0];
  if (!t) return null;
  checkChildren(t, ["TargetValue"]);
  const ci = attr(t, "castInteger");
  if (ci !== undefined && !["round", "ceiling", "floor"].includes(ci)) throw unsupportedAttr(t, "castInteger");
  const spec: TargetSpec = {
    min: numAttr(t, "min"),
    max: numAttr(t, "max"),
    rescaleFactor: numAttr(t, "rescaleFactor", 1),
    rescaleConstant: numAttr(t, "rescaleConstant", 0),
    castInteger: ci as TargetSpec["castInteger"],
    defaultValue: null,
    priors: new Map(),
    displayValues: new Map(),
  };
  for (const tv of children(t, "TargetValue")) {
    checkChildren(tv, []);
    const v = attr(tv, "value");
    const dv = attr(tv, "defaultValue");
    if (dv !== undefined) spec.defaultValue = parseTyped(dv, target?.dataType ?? "double");
    const pp = numAttr(tv, "priorProbability");
    if (v !== undefined && pp !== undefined) spec.priors.set(v, pp);
    const disp = attr(tv, "displayValue");
    if (v !== undefined && disp !== undefined) spec.displayValues.set(v, disp);
  }
  return spec;
}

export function applyTargets(r: ModelResult, spec: TargetSpec | null, functionName: string, float = false): ModelResult {
  if (!spec) return r;
  if (functionName === "regression") {
    if (r.value === null) return spec.defaultValue === null ? r : { ...r, value: spec.defaultValue };
    if (typeof r.value !== "number") return r;
    let v = r.value;
    if (spec.min !== undefined && v < spec.min) v = spec.min;
    if (spec.max !== undefined && v > spec.max) v = spec.max;
    if (float) {
      const f = Math.fround;
      v = f(f(v * f(spec.rescaleFactor)) + f(spec.rescaleConstant));
    } else v = v * spec.rescaleFactor + spec.rescaleConstant;
    if (spec.castInteger === "round") v = Math.round(v);
    else if (spec.castInteger === "ceiling") v = Math.ceil(v);
    else if (spec.castInteger === "floor") v = Math.floor(v);
    return { ...r, value: v };
  }
  if (functionName === "classification" && r.value === null && spec.priors.size > 0) {
    let best: string | null = null;
    let bp = -Infinity;
    for (const [k, p] of spec.priors) if (p > bp) [best, bp] = [k, p];
    return { ...r, value: best, probabilities: new Map(spec.priors) };
  }
  return r;
}

interface CompiledOutput {
  name: string;
  info: FieldInfo;
  dataType: DataType;
  finalResult: boolean;
  compute(r: ModelResult, scope: Scope): Value;
}

const FEATURES = [
  "predictedValue",
  "predictedDisplayValue",
  "probability",
  "confidence",
  "transformedValue",
  "entityId",
  "clusterId",
  "affinity",
  "entityAffinity",
  "clusterAffinity",
  "reasonCode",
];

function probOf(r: ModelResult, value: string | undefined, confidence: boolean): Value {
  const m = confidence ? (r.confidences ?? r.probabilities) : r.probabilities;
  if (!m) return null;
  const key = value ?? (r.value === null ? undefined : valueToString(r.value));
  if (key === undefined) return null;
  const direct = m.get(key);
  if (direct !== undefined) return direct;
  for (const [k, p] of m) if (sameValue(parseTyped(key, "string"), k) || sameValue(r.value, k)) return p;
  return value === undefined ? null : 0;
}

export function compileOutput(el: XmlElement | undefined, m: ModelContext, targets: TargetSpec | null, ctx: CompileContext): CompiledOutput[] {
  if (!el) return [];
  checkChildren(el, ["OutputField"]);
  const out: CompiledOutput[] = [];
  for (const of of children(el, "OutputField")) {
    const name = reqAttr(of, "name");
    const feature = attr(of, "feature") ?? "predictedValue";
    if (!FEATURES.includes(feature)) throw unsupportedAttr(of, "feature");
    if (attr(of, "segmentId") !== undefined) throw unsupportedAttr(of, "segmentId");
    const dataType = dataTypeOf(of, feature === "predictedValue" && m.target ? m.target.dataType : feature === "predictedDisplayValue" || feature === "entityId" || feature === "reasonCode" ? "string" : "double");
    const value = attr(of, "value");
    let compute: (r: ModelResult, scope: Scope) => Value;
    switch (feature) {
      case "predictedValue":
        checkChildren(of, ["Value"]);
        compute = (r) => r.value;
        break;
      case "predictedDisplayValue":
        checkChildren(of, ["Value"]);
        compute = (r) => {
          if (r.value === null) return null;
          const s = valueToString(r.value);
          return targets?.displayValues.get(s) ?? m.target?.displayValues.get(s) ?? s;
        };
        break;
      case "probability":
      case "confidence":
        checkChildren(of, []);
        compute = (r) => probOf(r, value, feature === "confidence");
        break;
      case "transformedValue": {
        checkChildren(of, ["Value", "Constant", "FieldRef", "NormContinuous", "NormDiscrete", "Discretize", "MapValues", "Apply"]);
        const exEl = expressionChild(of);
        if (!exEl) throw invalid(of, "transformedValue output field has no expression");
        const ex: Expr = compileExpression(exEl, ctx);
        compute = (_r, scope) => ex(scope);
        break;
      }
      case "entityId":
        compute = (r) => r.entityId ?? null;
        break;
      case "clusterId":
        compute = (r) => r.clusterIndex ?? null;
        break;
      case "affinity":
      case "entityAffinity":
      case "clusterAffinity":
        compute = (r) => {
          if (!r.affinities) return null;
          const key = value ?? (r.entityId ?? undefined);
          return key === undefined ? null : (r.affinities.get(key) ?? null);
        };
        break;
      case "reasonCode": {
        const rank = numAttr(of, "rank", 1);
        compute = (r) => r.reasonCodes?.[rank - 1] ?? null;
        break;
      }
      default:
        throw unsupported(of);
    }
    const finalResult = attr(of, "isFinalResult") !== "false";
    const info = ctx.addField(name, dataType, opTypeOf(of, dataType));
    out.push({ name, info, dataType, finalResult, compute });
  }
  return out;
}

/** Evaluate output fields in order; each becomes visible to later ones through `scope`. */
export function evaluateOutputs(fields: CompiledOutput[], r: ModelResult, scope: Scope): Map<string, Value> {
  const res = new Map<string, Value>();
  for (const f of fields) {
    let v: Value;
    try {
      v = castValue(f.compute(r, scope), f.dataType);
    } catch (e) {
      if (e instanceof EvalError) throw new EvalError(`output field "${f.name}": ${e.message}`);
      throw e;
    }
    scope.set(f.name, v);
    res.set(f.name, v);
  }
  return res;
}

export { Scope };
