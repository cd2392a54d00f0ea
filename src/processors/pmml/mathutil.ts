// Numeric helpers shared by model families: link functions, normal CDF, normalizations.
import { EvalError } from "./values.js";

const SQRT_PI = Math.sqrt(Math.PI);

/** erf with ~1e-15 relative accuracy: positive-term series below 3, continued fraction (erfc) above. */
export function erf(x: number): number {
  if (x < 0) return -erf(-x);
  if (x >= 3) return 1 - erfc(x);
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return ((2 / SQRT_PI) * Math.exp(-x2) * sum);
}

export function erfc(x: number): number {
  if (x < 3) return 1 - erf(x);
  // Lentz continued fraction: erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / SQRT_PI / f;
}

export function normalCdf(x: number): number {
  return x < 0 ? 0.5 * erfc(-x / Math.SQRT2) : 0.5 * (1 + erf(x / Math.SQRT2));
}

/** Inverse link / normalization of one value, by PMML name. */
export function inverseLink(name: string, y: number): number {
  switch (name) {
    case "none":
    case "identity":
      return y;
    case "logit":
      return 1 / (1 + Math.exp(-y));
    case "exp":
    case "log":
      return Math.exp(y);
    case "probit":
      return normalCdf(y);
    case "cloglog":
      return 1 - Math.exp(-Math.exp(y));
    case "loglog":
      return Math.exp(-Math.exp(-y));
    case "cauchit":
      return 0.5 + Math.atan(y) / Math.PI;
    default:
      throw new EvalError(`unsupported normalization ${name}`);
  }
}

/** Inverse link in single precision, step by step like JPMML's FloatValue. */
export function inverseLinkFloat(name: string, y: number): number {
  const f = Math.fround;
  if (name === "logit") return f(1 / (1 + Math.exp(-y)));
  if (name === "exp") return f(Math.exp(y));
  return f(inverseLink(name, y));
}

export function softmaxFloat(ys: number[]): number[] {
  const f = Math.fround;
  return softmax(ys).map(f);
}

export function softmax(ys: number[]): number[] {
  const max = Math.max(...ys);
  const es = ys.map((y) => Math.exp(y - max));
  const s = es.reduce((a, b) => a + b, 0);
  return es.map((e) => e / s);
}

/** Index of the largest value; first one wins ties. */
export function argmax(xs: number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if ((xs[i] as number) > (xs[best] as number)) best = i;
  return best;
}

export function probabilityMap(categories: string[], ps: number[]): Map<string, number> {
  const m = new Map<string, number>();
  categories.forEach((c, i) => m.set(c, ps[i] as number));
  return m;
}

/** Result for a classification: pick the most probable category. */
export function classify(categories: string[], ps: number[]): { value: string | null; probabilities: Map<string, number> } {
  if (categories.length === 0) return { value: null, probabilities: new Map() };
  return { value: categories[argmax(ps)] as string, probabilities: probabilityMap(categories, ps) };
}
