// Scorecard: partial scores per Characteristic/Attribute, with reason codes (pointsAbove/pointsBelow).
import { compilePredicate, predicateChild, type Predicate } from "../predicates.js";
import { type Expr, compileExpression, expressionChild } from "../transformations.js";
import { type Scope, EvalError, toNumber } from "../values.js";
import { type XmlElement, attr, checkChildren, children, invalid, numAttr, unsupportedAttr } from "../xml.js";
import type { FamilyEvaluator, ModelContext } from "./types.js";

interface Attribute {
  predicate: Predicate;
  partialScore: number | Expr;
  reasonCode: string | undefined;
}

export function compileScorecard(el: XmlElement, m: ModelContext): FamilyEvaluator {
  if (m.functionName !== "regression") throw unsupportedAttr(el, "functionName");
  const initial = numAttr(el, "initialScore", 0);
  const useReasonCodes = attr(el, "useReasonCodes") !== "false";
  const algorithm = attr(el, "reasonCodeAlgorithm") ?? "pointsBelow";
  if (algorithm !== "pointsBelow" && algorithm !== "pointsAbove") throw unsupportedAttr(el, "reasonCodeAlgorithm");
  const modelBaseline = numAttr(el, "baselineScore");
  const baselineMethod = attr(el, "baselineMethod") ?? "other";
  if (baselineMethod !== "other") throw unsupportedAttr(el, "baselineMethod");
  const chars = children(el, "Characteristics")[0];
  if (!chars) throw invalid(el, "missing <Characteristics>");
  checkChildren(chars, ["Characteristic"]);
  const characteristics = children(chars, "Characteristic").map((c) => {
    checkChildren(c, ["Attribute"]);
    const baseline = numAttr(c, "baselineScore") ?? modelBaseline;
    if (useReasonCodes && baseline === undefined) throw invalid(c, "baselineScore is required when useReasonCodes is true");
    const cReason = attr(c, "reasonCode");
    const attrs: Attribute[] = children(c, "Attribute").map((a) => {
      checkChildren(a, ["SimplePredicate", "CompoundPredicate", "SimpleSetPredicate", "True", "False", "ComplexPartialScore"]);
      const cps = children(a, "ComplexPartialScore")[0];
      let partialScore: number | Expr;
      if (cps) {
        const ex = expressionChild(cps);
        if (!ex) throw invalid(cps, "ComplexPartialScore has no expression");
        partialScore = compileExpression(ex, m.ctx);
      } else {
        const ps = numAttr(a, "partialScore");
        if (ps === undefined) throw invalid(a, "Attribute has no partialScore");
        partialScore = ps;
      }
      const reasonCode = attr(a, "reasonCode") ?? cReason;
      if (useReasonCodes && reasonCode === undefined) throw invalid(a, "reasonCode is required when useReasonCodes is true");
      return { predicate: compilePredicate(predicateChild(a), m.ctx), partialScore, reasonCode };
    });
    return { name: attr(c, "name") ?? "", baseline: baseline ?? 0, attrs };
  });
  return (s: Scope) => {
    let score = initial;
    const points = new Map<string, number>();
    const order: string[] = [];
    for (const c of characteristics) {
      const a = c.attrs.find((x) => x.predicate(s) === true);
      if (!a) throw new EvalError(`scorecard characteristic "${c.name}" has no matching attribute`);
      const ps = typeof a.partialScore === "number" ? a.partialScore : toNumber(a.partialScore(s));
      if (ps === null) return { value: null };
      score += ps;
      if (useReasonCodes && a.reasonCode !== undefined) {
        const diff = algorithm === "pointsBelow" ? c.baseline - ps : ps - c.baseline;
        if (!points.has(a.reasonCode)) order.push(a.reasonCode);
        points.set(a.reasonCode, (points.get(a.reasonCode) ?? 0) + diff);
      }
    }
    // Reason codes ranked by points (descending); stable for ties; codes with no points are dropped.
    const ranked = order
      .map((code, i) => ({ code, p: points.get(code) ?? 0, i }))
      .filter((x) => x.p > 0)
      .sort((a, b) => b.p - a.p || a.i - b.i)
      .map((x) => x.code);
    return { value: score, reasonCodes: ranked };
  };
}
