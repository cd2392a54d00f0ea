// GeneralRegressionModel: regression, generalLinear (link functions), multinomialLogistic, ordinalMultinomial.
import { classify, inverseLink, softmax } from "../mathutil.js";
import { type Scope, type Value, sameValue, toNumber } from "../values.js";
import { type XmlElement, attr, checkChildren, children, invalid, numAttr, reqAttr, reqNumAttr, unsupportedAttr } from "../xml.js";
import type { FamilyEvaluator, ModelContext } from "./types.js";

const LINKS = ["identity", "log", "logit", "probit", "cloglog", "loglog", "cauchit", "power", "oddspower"];

function link(name: string, eta: number, d: number): number {
  switch (name) {
    case "identity":
      return eta;
    case "power":
      return d === 0 ? Math.exp(eta) : Math.pow(eta, 1 / d);
    case "oddspower": {
      if (d === 0) return 1 / (1 + Math.exp(-eta));
      const t = Math.pow(1 + d * eta, 1 / d);
      return t / (1 + t);
    }
    default:
      return inverseLink(name, eta);
  }
}

export function compileGeneralRegression(el: XmlElement, m: ModelContext): FamilyEvaluator {
  const modelType = reqAttr(el, "modelType");
  if (!["regression", "generalLinear", "generalizedLinear", "multinomialLogistic", "ordinalMultinomial"].includes(modelType))
    throw unsupportedAttr(el, "modelType");
  for (const a of ["trialsVariable", "trialsValue"]) if (attr(el, a) !== undefined) throw unsupportedAttr(el, a);
  const linkFn = attr(el, "linkFunction") ?? "identity";
  if ((modelType === "generalLinear" || modelType === "generalizedLinear") && !LINKS.includes(linkFn)) throw unsupportedAttr(el, "linkFunction");
  const linkParam = numAttr(el, "linkParameter", 1);
  const cumLink = attr(el, "cumulativeLink") ?? "logit";
  if (modelType === "ordinalMultinomial" && !["logit", "probit", "cloglog", "loglog", "cauchit"].includes(cumLink))
    throw unsupportedAttr(el, "cumulativeLink");
  const offsetVar = attr(el, "offsetVariable");
  const offsetValue = numAttr(el, "offsetValue", 0);
  if (offsetVar !== undefined) m.ctx.field(el, offsetVar);
  for (const c of children(el, "PCovMatrix")) void c; // covariance is only used for standard errors (not supported as output)

  const plEl = children(el, "ParameterList")[0];
  if (!plEl) throw invalid(el, "missing <ParameterList>");
  checkChildren(plEl, ["Parameter"]);
  const params = children(plEl, "Parameter").map((p) => reqAttr(p, "name"));
  const predictorNames = (tag: string): Set<string> => {
    const l = children(el, tag)[0];
    if (!l) return new Set();
    checkChildren(l, ["Predictor"]);
    return new Set(
      children(l, "Predictor").map((p) => {
        checkChildren(p, ["Categories", "Matrix"]);
        if (children(p, "Matrix").length > 0 || attr(p, "contrastMatrixType") !== undefined) throw unsupportedAttr(p, "contrastMatrixType");
        const n = reqAttr(p, "name");
        m.ctx.field(p, n);
        return n;
      }),
    );
  };
  const factors = predictorNames("FactorList");
  const covariates = predictorNames("CovariateList");
  const ppEl = children(el, "PPMatrix")[0];
  const cells = new Map<string, { predictor: string; value: string }[]>();
  for (const p of params) cells.set(p, []);
  if (ppEl) {
    checkChildren(ppEl, ["PPCell"]);
    for (const c of children(ppEl, "PPCell")) {
      if (attr(c, "targetCategory") !== undefined) throw unsupportedAttr(c, "targetCategory");
      const pn = reqAttr(c, "parameterName");
      const predictor = reqAttr(c, "predictorName");
      if (!factors.has(predictor) && !covariates.has(predictor)) throw invalid(c, `unknown predictor "${predictor}"`);
      cells.get(pn)?.push({ predictor, value: reqAttr(c, "value") });
    }
  }
  const pmEl = children(el, "ParamMatrix")[0];
  if (!pmEl) throw invalid(el, "missing <ParamMatrix>");
  checkChildren(pmEl, ["PCell"]);
  const betas = new Map<string, Map<string, number>>(); // targetCategory ("" = common) → parameter → beta
  for (const c of children(pmEl, "PCell")) {
    const tc = attr(c, "targetCategory") ?? "";
    if (!betas.has(tc)) betas.set(tc, new Map());
    betas.get(tc)?.set(reqAttr(c, "parameterName"), reqNumAttr(c, "beta"));
  }

  const design = (s: Scope): Map<string, number> | null => {
    const xs = new Map<string, number>();
    const vals = new Map<string, Value>();
    for (const n of [...factors, ...covariates]) vals.set(n, s.get(n));
    for (const p of params) {
      let x = 1;
      for (const c of cells.get(p) ?? []) {
        const v = vals.get(c.predictor) ?? null;
        if (v === null) return null;
        if (factors.has(c.predictor)) x *= sameValue(v, c.value) ? 1 : 0;
        else {
          const n = toNumber(v);
          if (n === null) return null;
          x *= Math.pow(n, Number(c.value));
        }
      }
      xs.set(p, x);
    }
    return xs;
  };
  const eta = (xs: Map<string, number>, b: Map<string, number> | undefined): number => {
    let e = 0;
    if (b) for (const [p, beta] of b) e += beta * (xs.get(p) ?? 0);
    return e;
  };
  const offset = (s: Scope): number | null => {
    if (offsetVar === undefined) return offsetValue;
    return toNumber(s.get(offsetVar));
  };

  if (modelType === "regression" || modelType === "generalLinear" || modelType === "generalizedLinear") {
    if (m.functionName !== "regression") throw unsupportedAttr(el, "functionName");
    const b = betas.get("") ?? betas.values().next().value;
    // "generalLinear" is the general linear model (identity); link functions belong to "generalizedLinear".
    const lf = modelType === "generalizedLinear" ? linkFn : "identity";
    return (s) => {
      const xs = design(s);
      const off = offset(s);
      if (!xs || off === null) return { value: null };
      return { value: link(lf, eta(xs, b) + off, linkParam) };
    };
  }
  if (m.functionName !== "classification") throw unsupportedAttr(el, "functionName");
  const cats = m.categories;
  if (cats.length === 0) {
    cats.push(...[...betas.keys()].filter((k) => k !== ""));
    const ref = attr(el, "targetReferenceCategory");
    if (ref !== undefined && !cats.includes(ref)) cats.push(ref);
  }
  if (modelType === "multinomialLogistic") {
    return (s) => {
      const xs = design(s);
      const off = offset(s);
      if (!xs || off === null) return { value: null };
      const etas = cats.map((c) => (betas.has(c) ? eta(xs, betas.get(c)) + off : 0));
      return classify(cats, softmax(etas));
    };
  }
  // ordinalMultinomial: cumulative link over the ordered categories.
  const common = betas.get("");
  return (s) => {
    const xs = design(s);
    const off = offset(s);
    if (!xs || off === null) return { value: null };
    const cum: number[] = [];
    for (let j = 0; j < cats.length - 1; j++) {
      const e = eta(xs, betas.get(cats[j] as string)) + eta(xs, common) + off;
      cum.push(inverseLink(cumLink, e));
    }
    const ps = cats.map((_, j) => (j === cats.length - 1 ? 1 : (cum[j] as number)) - (j === 0 ? 0 : (cum[j - 1] as number)));
    return classify(cats, ps);
  };
}
