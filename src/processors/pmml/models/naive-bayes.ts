// NaiveBayesModel: discrete PairCounts and continuous (Gaussian, Poisson) TargetValueStats.
import { classify } from "../mathutil.js";
import { compileExpression, expressionChild } from "../transformations.js";
import { type Scope, type Value, sameValue, toNumber } from "../values.js";
import { type XmlElement, checkChildren, children, invalid, reqAttr, reqNumAttr, unsupported } from "../xml.js";
import type { FamilyEvaluator, ModelContext } from "./types.js";

function counts(el: XmlElement | undefined): Map<string, number> {
  const m = new Map<string, number>();
  if (!el) return m;
  checkChildren(el, ["TargetValueCount"]);
  for (const c of children(el, "TargetValueCount")) m.set(reqAttr(c, "value"), reqNumAttr(c, "count"));
  return m;
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

type InputEval = (s: Scope, cats: string[], totals: Map<string, number>) => number[] | null;

export function compileNaiveBayes(el: XmlElement, m: ModelContext): FamilyEvaluator {
  const threshold = reqNumAttr(el, "threshold");
  const outEl = children(el, "BayesOutput")[0];
  if (!outEl) throw invalid(el, "missing <BayesOutput>");
  checkChildren(outEl, ["TargetValueCounts"]);
  const totals = counts(children(outEl, "TargetValueCounts")[0]);
  if (m.categories.length === 0) m.categories.push(...totals.keys());
  const inputsEl = children(el, "BayesInputs")[0];
  if (!inputsEl) throw invalid(el, "missing <BayesInputs>");
  checkChildren(inputsEl, ["BayesInput"]);
  const inputs: InputEval[] = children(inputsEl, "BayesInput").map((bi) => {
    checkChildren(bi, ["DerivedField", "PairCounts", "TargetValueStats"]);
    const fieldName = reqAttr(bi, "fieldName");
    const dfEl = children(bi, "DerivedField")[0];
    let get: (s: Scope) => Value;
    if (dfEl) {
      const ex = expressionChild(dfEl);
      if (!ex) throw invalid(dfEl, "DerivedField has no expression");
      const e = compileExpression(ex, m.ctx);
      get = e;
    } else {
      m.ctx.field(bi, fieldName);
      get = (s) => s.get(fieldName);
    }
    const statsEl = children(bi, "TargetValueStats")[0];
    if (statsEl) {
      checkChildren(statsEl, ["TargetValueStat"]);
      const dists = new Map<string, (x: number) => number>();
      for (const st of children(statsEl, "TargetValueStat")) {
        const d = st.children.find((c) => c.name !== "Extension");
        if (!d) throw invalid(st, "missing distribution");
        if (d.name === "GaussianDistribution") {
          const mu = reqNumAttr(d, "mean");
          const v = reqNumAttr(d, "variance");
          dists.set(reqAttr(st, "value"), (x) => -((x - mu) * (x - mu)) / (2 * v) - 0.5 * Math.log(2 * Math.PI * v));
        } else if (d.name === "PoissonDistribution") {
          const lambda = reqNumAttr(d, "mean");
          dists.set(reqAttr(st, "value"), (x) => -lambda + x * Math.log(lambda) - logFactorial(Math.round(x)));
        } else throw unsupported(d);
      }
      return (s, cats) => {
        const x = toNumber(get(s));
        if (x === null) return null;
        return cats.map((c) => {
          const f = dists.get(c);
          if (!f) return Math.log(threshold);
          const l = f(x);
          return Math.exp(l) < threshold ? Math.log(threshold) : l;
        });
      };
    }
    const pcs = children(bi, "PairCounts").map((pc) => {
      checkChildren(pc, ["TargetValueCounts"]);
      return { value: reqAttr(pc, "value"), counts: counts(children(pc, "TargetValueCounts")[0]) };
    });
    return (s, cats, tot) => {
      const v = get(s);
      if (v === null) return null;
      const pc = pcs.find((p) => sameValue(v, p.value));
      if (!pc) return null;
      return cats.map((c) => {
        const n = pc.counts.get(c) ?? 0;
        const t = tot.get(c) ?? 0;
        return n === 0 || t === 0 ? Math.log(threshold) : Math.log(n / t);
      });
    };
  });
  return (s) => {
    const cats = m.categories;
    const logs = cats.map((c) => Math.log(totals.get(c) ?? 0));
    for (const inp of inputs) {
      const ls = inp(s, cats, totals);
      if (!ls) continue;
      ls.forEach((l, i) => (logs[i] = (logs[i] as number) + l));
    }
    const max = Math.max(...logs);
    const ls = logs.map((l) => Math.exp(l - max));
    const sum = ls.reduce((a, b) => a + b, 0);
    return classify(cats, ls.map((l) => l / sum));
  };
}
