// MiningModel Segmentation: ensembles (votes, averages, sums) and model chains.
import { classify } from "../mathutil.js";
import { compilePredicate, isPredicate } from "../predicates.js";
import { Scope, type Value, toNumber, valueToString } from "../values.js";
import { type XmlElement, attr, checkChildren, children, invalid, kids, numAttr, unsupported, unsupportedAttr } from "../xml.js";
import { compileModel, isAnyModelElement } from "./model.js";
import type { CompiledModel, FamilyEvaluator, ModelContext, ModelResult } from "./types.js";

const METHODS = ["majorityVote", "weightedMajorityVote", "average", "weightedAverage", "median", "weightedMedian", "sum", "weightedSum", "max", "selectFirst", "modelChain"];

export function compileMining(el: XmlElement, m: ModelContext): FamilyEvaluator {
  const segEl = children(el, "Segmentation")[0];
  if (!segEl) throw invalid(el, "missing <Segmentation>");
  checkChildren(segEl, ["Segment"]);
  const method = attr(segEl, "multipleModelMethod") ?? "";
  if (!METHODS.includes(method)) throw unsupportedAttr(segEl, "multipleModelMethod");
  const mpt = attr(segEl, "missingPredictionTreatment") ?? "continue";
  if (!["continue", "returnMissing", "skipSegment"].includes(mpt)) throw unsupportedAttr(segEl, "missingPredictionTreatment");
  const float = m.float;
  const f = float ? Math.fround : (x: number) => x;
  const fn = m.functionName;
  if (fn === "regression" && method === "max") throw unsupportedAttr(segEl, "multipleModelMethod");
  if (fn === "classification" && (method === "max" || method === "median" || method === "weightedMedian" || method === "sum" || method === "weightedSum"))
    throw unsupportedAttr(segEl, "multipleModelMethod");
  if (fn === "clustering" && method !== "selectFirst" && method !== "modelChain") throw unsupportedAttr(segEl, "multipleModelMethod");

  const ctx = m.ctx;
  const segments = children(segEl, "Segment").map((s) => {
    const ks = kids(s);
    const pEl = ks.find(isPredicate);
    if (!pEl) throw invalid(s, "Segment has no predicate");
    const modelEl = ks.find((k) => !isPredicate(k));
    if (!modelEl) throw invalid(s, "Segment has no model");
    if (!isAnyModelElement(modelEl)) throw unsupported(modelEl);
    for (const k of ks) if (k !== pEl && k !== modelEl) throw unsupported(k);
    const predicate = compilePredicate(pEl, ctx);
    const model: CompiledModel = compileModel(modelEl, ctx, false, ctx.fields);
    if (method === "modelChain") for (const o of model.outputFields) ctx.fields.set(o.name, o.info);
    return { id: attr(s, "id") ?? null, weight: numAttr(s, "weight", 1), predicate, model };
  });
  if (segments.length === 0) throw invalid(segEl, "no Segment");
  if (fn === "classification" && m.categories.length === 0) {
    const last = segments[segments.length - 1] as { model: CompiledModel };
    const cats = new Set<string>();
    for (const s of method === "modelChain" ? [last] : segments) for (const c of s.model.categories) cats.add(c);
    m.categories.push(...cats);
  }

  return (scope: Scope): ModelResult => {
    const chain = method === "modelChain" ? new Scope(scope) : scope;
    const results: { r: ModelResult; w: number; outputs: Map<string, Value>; id: string | null }[] = [];
    let lastOut: { r: ModelResult; outputs: Map<string, Value> } | null = null;
    for (const seg of segments) {
      if (seg.predicate(chain) !== true) continue;
      const { result, outputs } = seg.model.evaluate(chain);
      if (method === "modelChain") {
        for (const [k, v] of outputs) chain.set(k, v);
        lastOut = { r: result, outputs };
        continue;
      }
      if (method === "selectFirst") return { ...result, segmentOutputs: outputs, entityId: result.entityId ?? seg.id };
      if (result.value === null) {
        if (mpt === "returnMissing") return { value: null };
        continue;
      }
      results.push({ r: result, w: seg.weight, outputs, id: seg.id });
    }
    if (method === "modelChain") return lastOut ? { ...lastOut.r, segmentOutputs: lastOut.outputs } : { value: null };
    if (method === "selectFirst" || results.length === 0) return { value: null };

    if (fn === "regression") {
      const vals = results.map((x) => toNumber(x.r.value) as number);
      const ws = results.map((x) => x.w);
      let v: number;
      switch (method) {
        case "sum":
          v = vals.reduce((a, b) => f(a + b), 0);
          break;
        case "weightedSum":
          v = vals.reduce((a, b, i) => f(a + f(b * (ws[i] as number))), 0);
          break;
        case "average":
          v = f(vals.reduce((a, b) => f(a + b), 0) / vals.length);
          break;
        case "weightedAverage": {
          const sw = ws.reduce((a, b) => a + b, 0);
          v = f(vals.reduce((a, b, i) => f(a + f(b * (ws[i] as number))), 0) / sw);
          break;
        }
        case "median": {
          const s = [...vals].sort((a, b) => a - b);
          const mid = s.length >> 1;
          v = s.length % 2 ? (s[mid] as number) : f(((s[mid - 1] as number) + (s[mid] as number)) / 2);
          break;
        }
        case "weightedMedian": {
          const pairs = vals.map((x, i) => [x, ws[i] as number] as const).sort((a, b) => a[0] - b[0]);
          const half = ws.reduce((a, b) => a + b, 0) / 2;
          let acc = 0;
          v = (pairs[pairs.length - 1] as readonly [number, number])[0];
          for (const [x, w] of pairs) {
            acc += w;
            if (acc >= half) {
              v = x;
              break;
            }
          }
          break;
        }
        case "max":
          v = Math.max(...vals);
          break;
        default:
          throw unsupportedAttr(segEl, "multipleModelMethod");
      }
      return { value: v };
    }
    // classification
    const cats = m.categories;
    const acc = cats.map(() => 0);
    const firstSeen: number[] = [];
    let total = 0;
    for (const { r, w } of results) {
      if (method === "majorityVote" || method === "weightedMajorityVote") {
        const weight = method === "majorityVote" ? 1 : w;
        const i = cats.indexOf(valueToString(r.value));
        if (i >= 0) acc[i] = (acc[i] as number) + weight;
        if (i >= 0 && !firstSeen.includes(i)) firstSeen.push(i);
        total += weight;
      } else {
        const weight = method === "average" ? 1 : w;
        cats.forEach((c, i) => {
          acc[i] = f((acc[i] as number) + f(weight * (r.probabilities?.get(c) ?? 0)));
        });
        total += weight;
      }
    }
    const ps = acc.map((a) => f(a / total));
    const res = classify(cats, ps);
    if (firstSeen.length > 0) {
      // Vote ties go to the category that received a vote first (JPMML's insertion order).
      let best = firstSeen[0] as number;
      for (const i of firstSeen) if ((ps[i] as number) > (ps[best] as number)) best = i;
      res.value = cats[best] as string;
    }
    return res;
  };
}
