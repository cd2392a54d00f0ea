// A loaded PMML document: validates and compiles at load time, scores one record at a time.
import { type FieldInfo, type PreparedField, parseDataDictionary, prepareValue } from "./fields.js";
import { compileModel, isAnyModelElement, isModelElement } from "./models/model.js";
import type { CompiledModel } from "./models/types.js";
import { CompileContext, compileDerivedFields } from "./transformations.js";
import { type Derived, type Value, EvalError, Scope, castValue, valueToString } from "./values.js";
import { type XmlElement, PmmlError, attr, checkChildren, child, invalid, parseXml, unsupported } from "./xml.js";

export type OutputRecord = Record<string, string | number | boolean | null>;

export class PmmlEvaluator {
  private readonly model: CompiledModel;
  private readonly inputs: PreparedField[];
  private readonly otherFields: string[];
  private readonly derived: Map<string, Derived>;
  readonly targetName: string | null;

  constructor(xml: string) {
    const root = parseXml(xml);
    const version = attr(root, "version") ?? "";
    if (!/^[34]\./.test(version)) throw invalid(root, `unsupported PMML version "${version}"`);
    checkChildren(root, [
      "Header", "MiningBuildTask", "DataDictionary", "TransformationDictionary",
      "AnomalyDetectionModel", "AssociationModel", "BayesianNetworkModel", "BaselineModel", "ClusteringModel",
      "GaussianProcessModel", "GeneralRegressionModel", "MiningModel", "NaiveBayesModel", "NearestNeighborModel",
      "NeuralNetwork", "RegressionModel", "RuleSetModel", "SequenceModel", "Scorecard", "SupportVectorMachineModel",
      "TextModel", "TimeSeriesModel", "TreeModel",
    ]);
    const ddEl = child(root, "DataDictionary");
    if (!ddEl) throw invalid(root, "missing <DataDictionary>");
    const dataFields = parseDataDictionary(ddEl);
    const ctx = new CompileContext(new Map(dataFields));
    const tdEl = child(root, "TransformationDictionary");
    this.derived = tdEl ? compileDerivedFields(tdEl, ctx) : new Map();
    const models = root.children.filter(isAnyModelElement);
    const modelEl: XmlElement | undefined = models.find((m) => attr(m, "isScorable") !== "false") ?? models[0];
    if (!modelEl) throw invalid(root, "no model element");
    if (!isModelElement(modelEl)) throw unsupported(modelEl);
    this.model = compileModel(modelEl, ctx, true, dataFields);
    this.inputs = this.model.inputs ?? [];
    const active = new Set(this.inputs.map((i) => i.info.name));
    this.otherFields = [...dataFields.keys()].filter((n) => !active.has(n));
    this.targetName = this.model.target?.name ?? null;
  }

  get inputFields(): FieldInfo[] {
    return this.inputs.map((i) => i.info);
  }

  /** Score one record; throws EvalError for invalid input. */
  evaluate(record: Record<string, unknown>): OutputRecord {
    const scope = new Scope(null, this.derived);
    for (const n of this.otherFields) scope.set(n, null);
    for (const pf of this.inputs) scope.set(pf.info.name, prepareValue(record[pf.info.name], pf));
    const { result, outputs } = this.model.evaluate(scope);
    const out: OutputRecord = {};
    const target = this.model.target;
    const key = target?.name ?? (this.model.functionName === "clustering" ? "cluster" : "prediction");
    out[key] = jsonValue(target ? castValue(result.value, target.dataType) : result.value);
    let declared = false;
    for (const f of this.model.outputFields) {
      declared = true;
      if (f.finalResult) out[f.name] = jsonValue(outputs.get(f.name) ?? null);
    }
    if (!declared && result.segmentOutputs) {
      for (const [k, v] of result.segmentOutputs) {
        declared = true;
        out[k] = jsonValue(v);
      }
    }
    if (!declared && this.model.functionName === "classification") {
      for (const c of this.model.categories) out[`probability(${c})`] = jsonValue(result.probabilities?.get(c) ?? null);
    }
    return out;
  }
}

function jsonValue(v: Value): string | number | boolean | null {
  if (typeof v === "number" && !Number.isFinite(v)) return null;
  return v;
}

export { EvalError, PmmlError, valueToString };
