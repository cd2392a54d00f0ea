// SupportVectorMachineModel: linear/polynomial/RBF/sigmoid kernels; one-against-one or one-against-all.
import { sameValue, type Scope, toNumber } from "../values.js";
import { type XmlElement, attr, checkChildren, children, invalid, numArray, numAttr, reqAttr, reqNumAttr, unsupported, unsupportedAttr } from "../xml.js";
import type { FamilyEvaluator, ModelContext } from "./types.js";

type Kernel = (a: number[], b: number[]) => number;

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function compileKernel(el: XmlElement): Kernel {
  const k = el.children.find((c) => c.name.endsWith("KernelType"));
  if (!k) throw invalid(el, "missing kernel type");
  switch (k.name) {
    case "LinearKernelType":
      return dot;
    case "PolynomialKernelType": {
      const gamma = numAttr(k, "gamma", 1);
      const coef0 = numAttr(k, "coef0", 1);
      const degree = numAttr(k, "degree", 1);
      return (a, b) => Math.pow(gamma * dot(a, b) + coef0, degree);
    }
    case "RadialBasisKernelType": {
      const gamma = numAttr(k, "gamma", 1);
      return (a, b) => {
        let s = 0;
        for (let i = 0; i < a.length; i++) s += ((a[i] as number) - (b[i] as number)) ** 2;
        return Math.exp(-gamma * s);
      };
    }
    case "SigmoidKernelType": {
      const gamma = numAttr(k, "gamma", 1);
      const coef0 = numAttr(k, "coef0", 1);
      return (a, b) => Math.tanh(gamma * dot(a, b) + coef0);
    }
    default:
      throw unsupported(k);
  }
}

function sparseOrDense(vi: XmlElement, n: number): number[] {
  const arr = vi.children.find((c) => c.name === "Array");
  if (arr) return numArray(arr);
  const sp = vi.children.find((c) => c.name === "REAL-SparseArray");
  if (!sp) throw invalid(vi, "VectorInstance has no Array");
  const out = new Array<number>(Number(attr(sp, "n") ?? n)).fill(0);
  const idx = sp.children.find((c) => c.name === "Indices");
  const ent = sp.children.find((c) => c.name === "REAL-Entries");
  if (idx && ent) {
    const is = numArray(idx);
    const es = numArray(ent);
    is.forEach((i, j) => (out[i - 1] = es[j] as number));
  }
  return out;
}

export function compileSvm(el: XmlElement, m: ModelContext): FamilyEvaluator {
  const kernel = compileKernel(el);
  const repr = attr(el, "svmRepresentation") ?? "SupportVectors";
  if (repr !== "SupportVectors" && repr !== "Coefficients") throw unsupportedAttr(el, "svmRepresentation");
  const method = attr(el, "classificationMethod") ?? "OneAgainstAll";
  if (method !== "OneAgainstAll" && method !== "OneAgainstOne") throw unsupportedAttr(el, "classificationMethod");
  const modelThreshold = numAttr(el, "threshold", 0);
  const maxWins = attr(el, "maxWins") === "true";
  const vd = children(el, "VectorDictionary")[0];
  if (!vd) throw invalid(el, "missing <VectorDictionary>");
  checkChildren(vd, ["VectorFields", "VectorInstance"]);
  const vf = children(vd, "VectorFields")[0];
  if (!vf) throw invalid(vd, "missing <VectorFields>");
  checkChildren(vf, ["FieldRef", "CategoricalPredictor"]);
  const fields = vf.children
    .filter((c) => c.name !== "Extension")
    .map((c) => {
      const name = c.name === "FieldRef" ? reqAttr(c, "field") : reqAttr(c, "name");
      m.ctx.field(c, name);
      if (c.name === "FieldRef") return (s: Scope) => toNumber(s.get(name));
      const value = reqAttr(c, "value");
      const coef = numAttr(c, "coefficient", 1);
      return (s: Scope) => {
        const v = s.get(name);
        return v === null ? null : sameValue(v, value) ? coef : 0;
      };
    });
  const vectors = new Map<string, number[]>();
  for (const vi of children(vd, "VectorInstance")) vectors.set(reqAttr(vi, "id"), sparseOrDense(vi, fields.length));
  const machines = children(el, "SupportVectorMachine").map((svm) => {
    checkChildren(svm, ["SupportVectors", "Coefficients"]);
    const svs = children(children(svm, "SupportVectors")[0] ?? svm, "SupportVector").map((sv) => {
      const v = vectors.get(reqAttr(sv, "vectorId"));
      if (!v) throw invalid(sv, `unknown vectorId ${reqAttr(sv, "vectorId")}`);
      return v;
    });
    const coefsEl = children(svm, "Coefficients")[0];
    if (!coefsEl) throw invalid(svm, "missing <Coefficients>");
    const coefs = children(coefsEl, "Coefficient").map((c) => reqNumAttr(c, "value"));
    return {
      target: attr(svm, "targetCategory"),
      alternate: attr(svm, "alternateTargetCategory"),
      threshold: numAttr(svm, "threshold", modelThreshold),
      b: numAttr(coefsEl, "absoluteValue", 0),
      svs,
      coefs,
    };
  });
  if (machines.length === 0) throw invalid(el, "no SupportVectorMachine");
  if (m.functionName === "classification" && m.categories.length === 0) {
    const cats = new Set<string>();
    for (const mc of machines) {
      if (mc.target !== undefined) cats.add(mc.target);
      if (mc.alternate !== undefined) cats.add(mc.alternate);
    }
    m.categories.push(...cats);
  }
  return (s) => {
    const x: number[] = [];
    for (const f of fields) {
      const v = f(s);
      if (v === null) return { value: null };
      x.push(v);
    }
    const values = machines.map((mc) => {
      let y = mc.b;
      if (repr === "Coefficients") y += dot(mc.coefs, x);
      else mc.svs.forEach((sv, i) => (y += (mc.coefs[i] as number) * kernel(x, sv)));
      return y;
    });
    if (m.functionName === "regression") return { value: values[0] as number };
    if (method === "OneAgainstOne" || machines.every((mc) => mc.alternate !== undefined)) {
      const votes = new Map<string, number>();
      machines.forEach((mc, i) => {
        const y = values[i] as number;
        const win = maxWins ? (y > mc.threshold ? mc.target : mc.alternate) : y < mc.threshold ? mc.target : mc.alternate;
        if (win !== undefined) votes.set(win, (votes.get(win) ?? 0) + 1);
      });
      let best: string | null = null;
      let bv = -1;
      for (const c of m.categories) {
        const v = votes.get(c) ?? 0;
        if (v > bv) [best, bv] = [c, v];
      }
      return { value: best };
    }
    let bi = 0;
    values.forEach((v, i) => {
      if (maxWins ? v > (values[bi] as number) : v < (values[bi] as number)) bi = i;
    });
    return { value: machines[bi]?.target ?? null };
  };
}
