// Common model wrapper: MiningSchema, LocalTransformations, Targets, Output around a model family.
import type { FieldInfo } from "../fields.js";
import { parseMiningSchema } from "../fields.js";
import { applyTargets, compileOutput, evaluateOutputs, parseTargets } from "../output.js";
import { type CompileContext, compileDerivedFields } from "../transformations.js";
import { type Derived, type Value, Scope, parseTyped } from "../values.js";
import { type XmlElement, attr, child, checkChildren, invalid, reqAttr, unsupported, unsupportedAttr } from "../xml.js";
import type { CompiledModel, FamilyEvaluator, FunctionName, ModelContext } from "./types.js";
import { compileClustering } from "./clustering.js";
import { compileGeneralRegression } from "./general-regression.js";
import { compileMining } from "./mining.js";
import { compileNaiveBayes } from "./naive-bayes.js";
import { compileNeuralNetwork } from "./neural-network.js";
import { compileRegression } from "./regression.js";
import { compileScorecard } from "./scorecard.js";
import { compileSvm } from "./svm.js";
import { compileTree } from "./tree.js";

type FamilyCompiler = (el: XmlElement, m: ModelContext) => FamilyEvaluator;

const FAMILIES: Record<string, { compile: FamilyCompiler; children: string[] }> = {
  RegressionModel: { compile: compileRegression, children: ["RegressionTable"] },
  TreeModel: { compile: compileTree, children: ["Node"] },
  MiningModel: { compile: compileMining, children: ["Segmentation"] },
  GeneralRegressionModel: {
    compile: compileGeneralRegression,
    children: ["ParameterList", "FactorList", "CovariateList", "PPMatrix", "PCovMatrix", "ParamMatrix", "EventValues", "BaseCumHazardTables"],
  },
  Scorecard: { compile: compileScorecard, children: ["Characteristics"] },
  NaiveBayesModel: { compile: compileNaiveBayes, children: ["BayesInputs", "BayesOutput"] },
  NeuralNetwork: { compile: compileNeuralNetwork, children: ["NeuralInputs", "NeuralLayer", "NeuralOutputs"] },
  SupportVectorMachineModel: {
    compile: compileSvm,
    children: ["LinearKernelType", "PolynomialKernelType", "RadialBasisKernelType", "SigmoidKernelType", "VectorDictionary", "SupportVectorMachine"],
  },
  ClusteringModel: { compile: compileClustering, children: ["ComparisonMeasure", "ClusteringField", "MissingValueWeights", "Cluster"] },
};

const COMMON = ["MiningSchema", "Output", "ModelStats", "ModelExplanation", "Targets", "LocalTransformations", "ModelVerification"];

export function isModelElement(el: XmlElement): boolean {
  return el.name in FAMILIES;
}

const KNOWN_MODELS = [
  "AnomalyDetectionModel", "AssociationModel", "BayesianNetworkModel", "BaselineModel", "GaussianProcessModel",
  "NearestNeighborModel", "RuleSetModel", "SequenceModel", "TextModel", "TimeSeriesModel",
];
export function isAnyModelElement(el: XmlElement): boolean {
  return isModelElement(el) || KNOWN_MODELS.includes(el.name);
}

/**
 * Compile one model element. `top` models validate raw inputs with the DataDictionary + MiningSchema;
 * nested (segment) models only apply missing value replacements.
 */
export function compileModel(el: XmlElement, ctx0: CompileContext, top: boolean, dataFields: Map<string, FieldInfo>): CompiledModel {
  const family = FAMILIES[el.name];
  if (!family) throw unsupported(el);
  checkChildren(el, [...COMMON, ...family.children]);
  if (attr(el, "isScorable") === "false") throw invalid(el, "model is not scorable (isScorable=false)");
  const fn = reqAttr(el, "functionName");
  if (!["regression", "classification", "clustering"].includes(fn)) throw unsupportedAttr(el, "functionName");
  const functionName = fn as FunctionName;
  const ctx = ctx0.derive();
  const msEl = child(el, "MiningSchema");
  if (!msEl) throw invalid(el, "missing <MiningSchema>");
  const schema = parseMiningSchema(msEl, (n) => ctx.fields.has(n));
  const targetName = schema.targets[0];
  const target = targetName !== undefined ? (ctx.fields.get(targetName) ?? null) : null;
  if (functionName !== "clustering" && !target && el.name !== "MiningModel") {
    // A model without a target field still predicts; JPMML reports it under a null key.
  }
  // Missing value replacement for nested models.
  const replacements = new Map<string, Value>();
  if (!top) {
    for (const mf of schema.active) {
      const info = ctx.fields.get(mf.name);
      if (mf.missingReplacement !== undefined && info) replacements.set(mf.name, parseTyped(mf.missingReplacement, info.dataType));
    }
  }
  const ltEl = child(el, "LocalTransformations");
  const derived: Map<string, Derived> = ltEl ? compileDerivedFields(ltEl, ctx) : new Map();
  const categories = target && target.optype !== "continuous" ? [...target.values] : [];
  const mctx: ModelContext = { ctx, functionName, target, categories, float: attr(el, "x-mathContext") === "float" };
  const evaluator = family.compile(el, mctx);
  const targets = parseTargets(child(el, "Targets"), target);
  if (mctx.categories.length === 0 && targets && functionName === "classification") mctx.categories.push(...targets.priors.keys());
  const outputs = compileOutput(child(el, "Output"), mctx, targets, ctx);
  const model: CompiledModel = {
    functionName,
    target,
    categories: mctx.categories,
    outputFields: outputs.map((o) => ({ name: o.name, finalResult: o.finalResult, info: o.info })),
    evaluate(parent: Scope) {
      const scope = new Scope(parent, derived);
      for (const [k, v] of replacements) if (parent.get(k) === null) scope.set(k, v);
      const result = applyTargets(evaluator(scope), targets, functionName, mctx.float);
      const outScope = new Scope(scope);
      return { result, outputs: evaluateOutputs(outputs, result, outScope) };
    },
  };
  if (top) {
    model.inputs = schema.active.map((mf) => {
      const info = dataFields.get(mf.name);
      if (!info) throw invalid(msEl, `active field "${mf.name}" is not a DataField`);
      return { info, mining: mf };
    });
  }
  return model;
}
