// ClusteringModel (center-based): distance measures, compare functions, field weights, missing value weights.
import { type Scope, toNumber } from "../values.js";
import { type XmlElement, attr, checkChildren, children, invalid, numArray, numAttr, reqAttr, unsupported, unsupportedAttr } from "../xml.js";
import type { FamilyEvaluator, ModelContext } from "./types.js";

type Compare = (x: number, y: number) => number;

function compareFunction(el: XmlElement, name: string, scale: number | undefined): Compare {
  switch (name) {
    case "absDiff":
      return (x, y) => Math.abs(x - y);
    case "gaussSim": {
      const s = scale ?? 1;
      return (x, y) => Math.exp((-Math.LN2 * (x - y) * (x - y)) / (s * s));
    }
    case "delta":
      return (x, y) => (x === y ? 0 : 1);
    case "equal":
      return (x, y) => (x === y ? 1 : 0);
    default:
      throw unsupportedAttr(el, "compareFunction");
  }
}

export function compileClustering(el: XmlElement, m: ModelContext): FamilyEvaluator {
  const modelClass = attr(el, "modelClass") ?? "centerBased";
  if (modelClass !== "centerBased") throw unsupportedAttr(el, "modelClass");
  const cm = children(el, "ComparisonMeasure")[0];
  if (!cm) throw invalid(el, "missing <ComparisonMeasure>");
  const kind = reqAttr(cm, "kind");
  if (kind !== "distance") throw unsupportedAttr(cm, "kind");
  const measureEl = cm.children.find((c) => c.name !== "Extension");
  if (!measureEl) throw invalid(cm, "missing measure");
  const measure = measureEl.name;
  if (!["euclidean", "squaredEuclidean", "cityBlock", "chebychev", "minkowski"].includes(measure)) throw unsupported(measureEl);
  const p = numAttr(measureEl, "p-parameter", 2);
  const defaultCompare = attr(cm, "compareFunction") ?? "absDiff";
  const fields = children(el, "ClusteringField")
    .filter((f) => attr(f, "isCenterField") !== "false")
    .map((f) => {
      checkChildren(f, []);
      const name = reqAttr(f, "field");
      m.ctx.field(f, name);
      return {
        name,
        weight: numAttr(f, "fieldWeight", 1),
        compare: compareFunction(f, attr(f, "compareFunction") ?? defaultCompare, numAttr(f, "similarityScale")),
      };
    });
  const mvwEl = children(el, "MissingValueWeights")[0];
  const mvw = mvwEl ? numArray(children(mvwEl, "Array")[0] ?? mvwEl) : fields.map(() => 1);
  const clusters = children(el, "Cluster").map((c, i) => {
    checkChildren(c, ["Array", "KohonenMap", "Partition", "Covariances"]);
    const arr = children(c, "Array")[0];
    if (!arr) throw invalid(c, "Cluster has no center Array");
    const center = numArray(arr);
    if (center.length !== fields.length) throw invalid(c, "center size does not match the ClusteringFields");
    return { id: attr(c, "id") ?? String(i + 1), center };
  });
  if (clusters.length === 0) throw invalid(el, "no Cluster");
  if (m.categories.length === 0) m.categories.push(...clusters.map((c) => c.id));
  return (s: Scope) => {
    const xs = fields.map((f) => toNumber(s.get(f.name)));
    if (xs.every((x) => x === null)) return { value: null };
    let adjust = 1;
    if (xs.some((x) => x === null)) {
      const all = mvw.reduce((a, b) => a + b, 0);
      const present = mvw.reduce((a, b, i) => (xs[i] === null ? a : a + b), 0);
      adjust = all / present;
    }
    const affinities = new Map<string, number>();
    let best = 0;
    let bestD = Infinity;
    clusters.forEach((c, ci) => {
      let acc = 0;
      fields.forEach((f, i) => {
        const x = xs[i];
        if (x === null || x === undefined) return;
        const d = f.compare(x, c.center[i] as number);
        switch (measure) {
          case "euclidean":
          case "squaredEuclidean":
            acc += f.weight * d * d;
            break;
          case "cityBlock":
            acc += f.weight * Math.abs(d);
            break;
          case "chebychev":
            acc = Math.max(acc, f.weight * Math.abs(d));
            break;
          default:
            acc += f.weight * Math.pow(Math.abs(d), p);
        }
      });
      let dist = measure === "chebychev" ? acc : acc * adjust;
      if (measure === "euclidean") dist = Math.sqrt(dist);
      else if (measure === "minkowski") dist = Math.pow(dist, 1 / p);
      affinities.set(c.id, dist);
      if (dist < bestD) [best, bestD] = [ci, dist];
    });
    const win = clusters[best] as { id: string };
    return { value: win.id, entityId: win.id, clusterIndex: best + 1, affinities };
  };
}
