// TreeModel: node traversal with PMML missing value strategies and ScoreDistribution probabilities.
import { compilePredicate, isPredicate, type Predicate } from "../predicates.js";
import { type Scope, type Value, parseTyped } from "../values.js";
import { type XmlElement, attr, checkChildren, children, invalid, kids, numAttr, unsupported, unsupportedAttr } from "../xml.js";
import type { FamilyEvaluator, ModelContext, ModelResult } from "./types.js";

interface TreeNode {
  id: string | null;
  predicate: Predicate;
  score: Value;
  recordCount: number | undefined;
  children: TreeNode[];
  defaultChild: string | undefined;
  distribution: { value: string; count: number; probability: number | undefined; confidence: number | undefined }[];
}

const STRATEGIES = ["none", "lastPrediction", "nullPrediction", "defaultChild", "aggregateNodes", "weightedConfidence"];

export function compileTree(el: XmlElement, m: ModelContext): FamilyEvaluator {
  const strategy = attr(el, "missingValueStrategy") ?? "none";
  if (!STRATEGIES.includes(strategy)) throw unsupportedAttr(el, "missingValueStrategy");
  const noTrueChild = attr(el, "noTrueChildStrategy") ?? "returnNullPrediction";
  if (noTrueChild !== "returnNullPrediction" && noTrueChild !== "returnLastPrediction") throw unsupportedAttr(el, "noTrueChildStrategy");
  const penalty = numAttr(el, "missingValuePenalty", 1);
  const rootEl = children(el, "Node");
  if (rootEl.length !== 1) throw invalid(el, "a TreeModel needs exactly one root Node");
  const regression = m.functionName === "regression";
  const float = m.float || attr(el, "x-mathContext") === "float";

  const compileNode = (n: XmlElement): TreeNode => {
    checkChildren(n, ["SimplePredicate", "CompoundPredicate", "SimpleSetPredicate", "True", "False", "ScoreDistribution", "Node", "Partition"]);
    const pEl = kids(n).find(isPredicate);
    if (!pEl) throw invalid(n, "Node has no predicate");
    const scoreAttr = attr(n, "score");
    let score: Value = null;
    if (scoreAttr !== undefined) score = regression ? parseTyped(scoreAttr, float ? "float" : "double") : scoreAttr;
    const distribution = children(n, "ScoreDistribution").map((sd) => {
      checkChildren(sd, []);
      const value = attr(sd, "value");
      if (value === undefined) throw invalid(sd, "missing attribute value");
      return {
        value,
        count: numAttr(sd, "recordCount", 0),
        probability: numAttr(sd, "probability"),
        confidence: numAttr(sd, "confidence"),
      };
    });
    return {
      id: attr(n, "id") ?? null,
      predicate: compilePredicate(pEl, m.ctx),
      score,
      recordCount: numAttr(n, "recordCount"),
      children: children(n, "Node").map(compileNode),
      defaultChild: attr(n, "defaultChild"),
      distribution,
    };
  };
  const root = compileNode(rootEl[0] as XmlElement);
  if (!regression && m.functionName !== "classification") throw unsupportedAttr(el, "functionName");
  if (!regression && m.categories.length === 0) {
    const seen = new Set<string>();
    const walk = (n: TreeNode): void => {
      for (const d of n.distribution) seen.add(d.value);
      if (typeof n.score === "string") seen.add(n.score);
      n.children.forEach(walk);
    };
    walk(root);
    m.categories.push(...seen);
  }
  if (strategy === "aggregateNodes" || strategy === "weightedConfidence") {
    throw unsupportedAttr(el, "missingValueStrategy");
  }

  const resultOf = (n: TreeNode, missingCount: number): ModelResult => {
    if (regression) return { value: n.score, entityId: n.id };
    const probs = new Map<string, number>();
    const confs = new Map<string, number>();
    const total = n.distribution.reduce((s, d) => s + d.count, 0);
    for (const c of m.categories) probs.set(c, 0);
    for (const d of n.distribution) {
      probs.set(d.value, d.probability ?? (total > 0 ? d.count / total : 0));
      confs.set(d.value, (d.confidence ?? probs.get(d.value) ?? 0) * Math.pow(penalty, missingCount));
    }
    let value: Value = n.score;
    if (n.distribution.length === 0 && typeof value === "string") probs.set(value, 1);
    if (value === null) {
      let best = -Infinity;
      for (const [k, p] of probs)
        if (p > best) {
          best = p;
          value = k;
        }
    }
    return { value, probabilities: probs, confidences: confs, entityId: n.id };
  };

  const NULL: ModelResult = { value: null };
  const walk = (node: TreeNode, s: Scope, missingCount: number): ModelResult => {
    if (node.children.length === 0) return resultOf(node, missingCount);
    for (const c of node.children) {
      const r = c.predicate(s);
      if (r === true) return walk(c, s, missingCount);
      if (r === null) {
        switch (strategy) {
          case "none":
            continue;
          case "lastPrediction":
            return resultOf(node, missingCount);
          case "nullPrediction":
            return NULL;
          case "defaultChild": {
            const dc = node.children.find((k) => k.id === node.defaultChild);
            if (!dc) return noTrueChild === "returnLastPrediction" ? resultOf(node, missingCount) : NULL;
            return walk(dc, s, missingCount + 1);
          }
          default:
            throw unsupported(el);
        }
      }
    }
    return noTrueChild === "returnLastPrediction" ? resultOf(node, missingCount) : NULL;
  };
  return (s) => {
    const r = root.predicate(s);
    if (r !== true) {
      if (r === null && strategy === "nullPrediction") return NULL;
      if (r === null && strategy === "lastPrediction") return NULL;
      if (r !== null || strategy === "none") return NULL;
    }
    return walk(root, s, 0);
  };
}
