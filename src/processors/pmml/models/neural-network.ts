// NeuralNetwork: feed-forward layers with PMML activation functions and layer normalization.
import { classify, softmax } from "../mathutil.js";
import { compileExpression, expressionChild } from "../transformations.js";
import { type Scope, toNumber } from "../values.js";
import { type XmlElement, attr, checkChildren, children, invalid, numAttr, reqAttr, reqNumAttr, unsupportedAttr } from "../xml.js";
import type { FamilyEvaluator, ModelContext } from "./types.js";

const ACTIVATIONS = ["threshold", "logistic", "tanh", "identity", "exponential", "reciprocal", "square", "Gauss", "sine", "cosine", "Elliott", "arctan", "rectifier", "radialBasis"];

function activate(name: string, z: number, threshold: number): number {
  switch (name) {
    case "threshold":
      return z > threshold ? 1 : 0;
    case "logistic":
      return 1 / (1 + Math.exp(-z));
    case "tanh":
      return Math.tanh(z);
    case "identity":
      return z;
    case "exponential":
      return Math.exp(z);
    case "reciprocal":
      return 1 / z;
    case "square":
      return z * z;
    case "Gauss":
      return Math.exp(-(z * z));
    case "sine":
      return Math.sin(z);
    case "cosine":
      return Math.cos(z);
    case "Elliott":
      return z / (1 + Math.abs(z));
    case "arctan":
      return (2 * Math.atan(z)) / Math.PI;
    case "rectifier":
      return Math.max(0, z);
    default:
      return z;
  }
}

interface Neuron {
  id: string;
  bias: number;
  width: number | undefined;
  altitude: number;
  cons: { from: string; weight: number }[];
}

export function compileNeuralNetwork(el: XmlElement, m: ModelContext): FamilyEvaluator {
  const netAct = attr(el, "activationFunction") ?? "";
  if (!ACTIVATIONS.includes(netAct)) throw unsupportedAttr(el, "activationFunction");
  const netNorm = attr(el, "normalizationMethod") ?? "none";
  if (!["none", "softmax", "simplemax"].includes(netNorm)) throw unsupportedAttr(el, "normalizationMethod");
  const netThreshold = numAttr(el, "threshold", 0);
  const netWidth = numAttr(el, "width");
  const netAltitude = numAttr(el, "altitude", 1);
  const inputsEl = children(el, "NeuralInputs")[0];
  if (!inputsEl) throw invalid(el, "missing <NeuralInputs>");
  checkChildren(inputsEl, ["NeuralInput"]);
  const inputs = children(inputsEl, "NeuralInput").map((ni) => {
    checkChildren(ni, ["DerivedField"]);
    const df = children(ni, "DerivedField")[0];
    const ex = df ? expressionChild(df) : undefined;
    if (!df || !ex) throw invalid(ni, "NeuralInput needs a DerivedField with an expression");
    checkChildren(df, ["Constant", "FieldRef", "NormContinuous", "NormDiscrete", "Discretize", "MapValues", "Apply", "Value"]);
    return { id: reqAttr(ni, "id"), expr: compileExpression(ex, m.ctx) };
  });
  const layers = children(el, "NeuralLayer").map((l) => {
    checkChildren(l, ["Neuron"]);
    const act = attr(l, "activationFunction") ?? netAct;
    if (!ACTIVATIONS.includes(act)) throw unsupportedAttr(l, "activationFunction");
    const norm = attr(l, "normalizationMethod") ?? netNorm;
    if (!["none", "softmax", "simplemax"].includes(norm)) throw unsupportedAttr(l, "normalizationMethod");
    const neurons: Neuron[] = children(l, "Neuron").map((n) => {
      checkChildren(n, ["Con"]);
      return {
        id: reqAttr(n, "id"),
        bias: numAttr(n, "bias", 0),
        width: numAttr(n, "width") ?? numAttr(l, "width") ?? netWidth,
        altitude: numAttr(n, "altitude") ?? numAttr(l, "altitude") ?? netAltitude,
        cons: children(n, "Con").map((c) => ({ from: reqAttr(c, "from"), weight: reqNumAttr(c, "weight") })),
      };
    });
    return { act, norm, threshold: numAttr(l, "threshold", netThreshold), neurons };
  });
  const outputsEl = children(el, "NeuralOutputs")[0];
  if (!outputsEl) throw invalid(el, "missing <NeuralOutputs>");
  checkChildren(outputsEl, ["NeuralOutput"]);
  type Out = { neuron: string; kind: "category"; category: string } | { neuron: string; kind: "value"; denorm: (x: number) => number };
  const outs: Out[] = children(outputsEl, "NeuralOutput").map((no) => {
    const neuron = reqAttr(no, "outputNeuron");
    const df = children(no, "DerivedField")[0];
    const ex = df ? expressionChild(df) : undefined;
    if (!ex) throw invalid(no, "NeuralOutput needs a DerivedField with an expression");
    if (ex.name === "NormDiscrete") return { neuron, kind: "category", category: reqAttr(ex, "value") };
    if (ex.name === "FieldRef") return { neuron, kind: "value", denorm: (x: number) => x };
    if (ex.name === "NormContinuous") {
      const pts = children(ex, "LinearNorm").map((ln) => ({ orig: reqNumAttr(ln, "orig"), norm: reqNumAttr(ln, "norm") }));
      return {
        neuron,
        kind: "value",
        denorm: (y: number) => {
          for (let i = 0; i + 1 < pts.length; i++) {
            const a = pts[i] as { orig: number; norm: number };
            const b = pts[i + 1] as { orig: number; norm: number };
            if ((y >= a.norm && y <= b.norm) || i + 2 === pts.length || (i === 0 && y < a.norm))
              return a.orig + ((y - a.norm) / (b.norm - a.norm)) * (b.orig - a.orig);
          }
          return y;
        },
      };
    }
    throw unsupportedAttr(no, "outputNeuron");
  });
  if (m.functionName === "classification" && m.categories.length === 0)
    for (const o of outs) if (o.kind === "category") m.categories.push(o.category);

  return (s: Scope) => {
    const vals = new Map<string, number>();
    for (const i of inputs) {
      const x = toNumber(i.expr(s));
      if (x === null) return { value: null };
      vals.set(i.id, x);
    }
    for (const layer of layers) {
      const zs = layer.neurons.map((n) => {
        if (layer.act === "radialBasis") {
          let sq = 0;
          for (const c of n.cons) sq += ((vals.get(c.from) ?? 0) - c.weight) ** 2;
          const w = n.width ?? 1;
          const z = sq / (2 * w * w);
          return Math.exp(n.cons.length * Math.log(n.altitude) - z);
        }
        let z = n.bias;
        for (const c of n.cons) {
          const v = vals.get(c.from);
          if (v === undefined) throw new Error(`neuron ${n.id}: unknown input ${c.from}`);
          z += v * c.weight;
        }
        return activate(layer.act, z, layer.threshold);
      });
      let outs2 = zs;
      if (layer.norm === "softmax") outs2 = softmax(zs);
      else if (layer.norm === "simplemax") {
        const sum = zs.reduce((a, b) => a + b, 0);
        outs2 = zs.map((z) => z / sum);
      }
      layer.neurons.forEach((n, i) => vals.set(n.id, outs2[i] as number));
    }
    if (m.functionName === "regression") {
      const o = outs.find((x) => x.kind === "value");
      if (!o || o.kind !== "value") return { value: null };
      return { value: o.denorm(vals.get(o.neuron) ?? NaN) };
    }
    const ps = m.categories.map((c) => {
      const o = outs.find((x) => x.kind === "category" && x.category === c);
      return o ? (vals.get(o.neuron) ?? 0) : 0;
    });
    return classify(m.categories, ps);
  };
}
