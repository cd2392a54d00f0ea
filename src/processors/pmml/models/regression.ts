// RegressionModel: linear regression and (multinomial/binary) regression-based classification.
import { classify, inverseLink, inverseLinkFloat, softmax, softmaxFloat } from "../mathutil.js";
import { type Scope, EvalError, sameValue, toNumber } from "../values.js";
import { type XmlElement, attr, checkChildren, children, invalid, numAttr, reqAttr, reqNumAttr, unsupportedAttr } from "../xml.js";
import type { FamilyEvaluator, ModelContext } from "./types.js";

type Term = (s: Scope) => number | null;

const NORMALIZATIONS = ["none", "softmax", "logit", "exp", "probit", "cloglog", "loglog", "cauchit", "simplemax"];

export function compileRegressionTable(t: XmlElement, m: ModelContext): (s: Scope) => number | null {
  checkChildren(t, ["NumericPredictor", "CategoricalPredictor", "PredictorTerm"]);
  const intercept = reqNumAttr(t, "intercept");
  const f = m.float ? Math.fround : (x: number) => x;
  const terms: Term[] = [];
  for (const np of children(t, "NumericPredictor")) {
    const name = reqAttr(np, "name");
    m.ctx.field(np, name);
    const exp = numAttr(np, "exponent", 1);
    const coef = reqNumAttr(np, "coefficient");
    terms.push((s) => {
      const x = toNumber(s.get(name));
      if (x === null) return null;
      return f(coef * (exp === 1 ? x : Math.pow(x, exp)));
    });
  }
  for (const cp of children(t, "CategoricalPredictor")) {
    const name = reqAttr(cp, "name");
    m.ctx.field(cp, name);
    const value = reqAttr(cp, "value");
    const coef = reqNumAttr(cp, "coefficient");
    terms.push((s) => {
      const v = s.get(name);
      if (v === null) return null;
      return sameValue(v, value) ? coef : 0;
    });
  }
  for (const pt of children(t, "PredictorTerm")) {
    checkChildren(pt, ["FieldRef"]);
    const coef = reqNumAttr(pt, "coefficient");
    const names = children(pt, "FieldRef").map((fr) => {
      const n = reqAttr(fr, "field");
      m.ctx.field(fr, n);
      return n;
    });
    terms.push((s) => {
      let p = coef;
      for (const n of names) {
        const x = toNumber(s.get(n));
        if (x === null) return null;
        p *= x;
      }
      return f(p);
    });
  }
  return (s) => {
    let y = intercept;
    for (const term of terms) {
      const v = term(s);
      if (v === null) return null;
      y = f(y + v);
    }
    return y;
  };
}

export function compileRegression(el: XmlElement, m: ModelContext): FamilyEvaluator {
  const norm = attr(el, "normalizationMethod") ?? "none";
  if (!NORMALIZATIONS.includes(norm)) throw unsupportedAttr(el, "normalizationMethod");
  const f = m.float ? Math.fround : (x: number) => x;
  const link = m.float ? inverseLinkFloat : inverseLink;
  const sm = m.float ? softmaxFloat : softmax;
  const tables = children(el, "RegressionTable");
  if (tables.length === 0) throw invalid(el, "no RegressionTable");
  if (m.functionName === "regression") {
    if (tables.length !== 1) throw invalid(el, "a regression RegressionModel needs exactly one RegressionTable");
    const table = compileRegressionTable(tables[0] as XmlElement, m);
    if (norm === "softmax" || norm === "simplemax") throw unsupportedAttr(el, "normalizationMethod");
    return (s) => {
      const y = table(s);
      return { value: y === null ? null : link(norm, y) };
    };
  }
  if (m.functionName !== "classification") throw unsupportedAttr(el, "functionName");
  const cats = tables.map((t) => reqAttr(t, "targetCategory"));
  if (m.categories.length === 0) m.categories.push(...cats);
  const compiled = tables.map((t) => compileRegressionTable(t, m));
  const order = m.categories.map((c) => {
    const i = cats.indexOf(c);
    if (i < 0) throw invalid(el, `no RegressionTable for category "${c}"`);
    return i;
  });
  return (s) => {
    const ys: number[] = [];
    for (const t of compiled) {
      const y = t(s);
      if (y === null) return { value: null };
      ys.push(y);
    }
    let ps: number[];
    if (norm === "softmax") {
      ps = ys.length === 1 ? [link("logit", ys[0] as number)] : sm(ys);
    } else if (norm === "simplemax") {
      const sum = ys.reduce((a, b) => a + b, 0);
      ps = ys.map((y) => f(y / sum));
    } else {
      // Binary/ordinal style: each but the last through the inverse link, last = 1 - sum.
      ps = ys.slice(0, -1).map((y) => link(norm, y));
      const last = f(1 - ps.reduce((a, b) => a + b, 0));
      ps.push(last);
      if (ps.some((p) => p < 0 || p > 1) && norm !== "none")
        throw new EvalError("regression model produced probabilities outside [0, 1]");
    }
    return classify(m.categories, order.map((i) => ps[i] as number));
  };
}
