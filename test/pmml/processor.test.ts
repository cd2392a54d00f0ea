// The pmml processor contract: shapes, input errors (400 with the field name), load-time refusals.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createPmmlProcessor } from "../../src/processors/pmml/index.js";
import { normalizeOutput } from "../../src/processors/types.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "pmml");
const tmp = mkdtempSync(join(tmpdir(), "pmml-test-"));

function writeModel(name: string, xml: string): string {
  const p = join(tmp, name);
  writeFileSync(p, xml);
  return p;
}

async function call(model: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const proc = await createPmmlProcessor(model);
  await proc.initialize?.();
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const res = normalizeOutput(await proc.process(Buffer.from(raw)));
  return { status: res.status, json: JSON.parse(res.body.toString("utf8")) };
}

const IRIS = join(FIXTURES, "iris_tree.pmml");
const setosa = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
const virginica = { sepal_length: 7.1, sepal_width: 3.0, petal_length: 5.9, petal_width: 2.1 };

const HEAD = `<?xml version="1.0"?><PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4"><Header/>`;
const DD = `<DataDictionary>
  <DataField name="x" optype="continuous" dataType="double"><Interval closure="closedClosed" leftMargin="0" rightMargin="10"/></DataField>
  <DataField name="c" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/></DataField>
  <DataField name="y" optype="continuous" dataType="double"/>
  <DataField name="label" optype="categorical" dataType="string"><Value value="no"/><Value value="yes"/></DataField>
</DataDictionary>`;

function regression(miningFields: string): string {
  return `${HEAD}${DD}<RegressionModel functionName="regression"><MiningSchema><MiningField name="y" usageType="target"/>${miningFields}</MiningSchema>
  <RegressionTable intercept="1"><NumericPredictor name="x" coefficient="2"/><CategoricalPredictor name="c" value="b" coefficient="10"/></RegressionTable></RegressionModel></PMML>`;
}

describe("pmml processor: shapes", () => {
  it("answers an object for an object and an array for an array", async () => {
    const one = await call(IRIS, setosa);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ species: "setosa", "probability(setosa)": 1 });
    const many = await call(IRIS, [setosa, virginica]);
    expect(many.status).toBe(200);
    expect(Array.isArray(many.json)).toBe(true);
    expect((many.json as { species: string }[]).map((r) => r.species)).toEqual(["setosa", "virginica"]);
    const none = await call(IRIS, []);
    expect(none.json).toEqual([]);
  });

  it("accepts numeric strings and reports probabilities when the model declares no Output", async () => {
    const m = writeModel(
      "logit.pmml",
      `${HEAD}${DD}<RegressionModel functionName="classification" normalizationMethod="logit"><MiningSchema><MiningField name="label" usageType="target"/><MiningField name="x"/></MiningSchema>
      <RegressionTable intercept="-1" targetCategory="yes"><NumericPredictor name="x" coefficient="0.5"/></RegressionTable><RegressionTable intercept="0" targetCategory="no"/></RegressionModel></PMML>`,
    );
    const r = await call(m, { x: "2" });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ label: "no", "probability(no)": 0.5, "probability(yes)": 0.5 });
  });
});

describe("pmml processor: input errors", () => {
  it("400 with record index and field name for a non-number", async () => {
    const r = await call(IRIS, [setosa, setosa, setosa, { ...setosa, petal_length: "abc" }]);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: 'record 3: field "petal_length": expected a number, got "abc"' });
  });

  it("400 for a single object without record prefix", async () => {
    const r = await call(IRIS, { ...setosa, petal_width: [1] });
    expect(r.status).toBe(400);
    expect((r.json as { error: string }).error).toMatch(/^field "petal_width": /);
  });

  it("400 for bodies that are not records", async () => {
    expect((await call(IRIS, "not json")).status).toBe(400);
    expect((await call(IRIS, 42)).status).toBe(400);
    expect((await call(IRIS, [setosa, "x"])).json).toEqual({ error: "record 1: expected a JSON object with the input fields" });
  });

  it("returnInvalid: out-of-interval and unknown categories are refused with the field name", async () => {
    const m = writeModel("invalid.pmml", regression(`<MiningField name="x"/><MiningField name="c"/>`));
    expect((await call(m, { x: 3, c: "b" })).json).toEqual({ y: 17 });
    const bad = await call(m, { x: 11, c: "a" });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: string }).error).toBe('field "x": invalid value 11');
    const badCat = await call(m, { x: 1, c: "z" });
    expect((badCat.json as { error: string }).error).toBe('field "c": invalid value "z"');
  });

  it("missing values: returnInvalid refuses, replacement applies, asIs propagates missing", async () => {
    const strict = writeModel("strict.pmml", regression(`<MiningField name="x" missingValueTreatment="returnInvalid"/><MiningField name="c"/>`));
    const r = await call(strict, [{ x: 1, c: "a" }, { c: "a" }]);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: 'record 1: field "x": missing value' });
    const repl = writeModel("repl.pmml", regression(`<MiningField name="x" missingValueReplacement="4" missingValueTreatment="asMean"/><MiningField name="c"/>`));
    expect((await call(repl, { c: "a" })).json).toEqual({ y: 9 });
    const asIs = writeModel("asis.pmml", regression(`<MiningField name="x"/><MiningField name="c"/>`));
    expect((await call(asIs, { c: "a" })).json).toEqual({ y: null });
  });

  it("invalidValueTreatment asMissing / asValue / asIs and outliers", async () => {
    const m = writeModel(
      "treat.pmml",
      regression(
        `<MiningField name="x" invalidValueTreatment="asValue" invalidValueReplacement="5" outliers="asExtremeValues" lowValue="1" highValue="9"/><MiningField name="c" invalidValueTreatment="asMissing" missingValueReplacement="b"/>`,
      ),
    );
    const r = await call(m, [{ x: 20, c: "zzz" }, { x: 0.5, c: "a" }, { x: 9.5, c: "a" }]);
    expect(r.json).toEqual([{ y: 21 }, { y: 3 }, { y: 19 }]);
    const asIs = writeModel("asis2.pmml", regression(`<MiningField name="x" invalidValueTreatment="asIs"/><MiningField name="c"/>`));
    expect((await call(asIs, { x: 20, c: "a" })).json).toEqual({ y: 41 });
  });
});

describe("pmml processor: load-time refusals", () => {
  it("refuses an unsupported model element, naming it", async () => {
    const m = writeModel("baseline.pmml", `${HEAD}${DD}<BaselineModel functionName="regression"><MiningSchema/></BaselineModel></PMML>`);
    await expect(createPmmlProcessor(m)).rejects.toThrow("unsupported PMML element <BaselineModel> at /PMML/BaselineModel");
  });

  it("refuses unsupported nested elements and attributes", async () => {
    const lag = writeModel(
      "lag.pmml",
      `${HEAD}${DD}<TransformationDictionary><DerivedField name="l" optype="continuous" dataType="double"><Lag field="x"/></DerivedField></TransformationDictionary>
      <RegressionModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema><RegressionTable intercept="0"/></RegressionModel></PMML>`,
    );
    await expect(createPmmlProcessor(lag)).rejects.toThrow("unsupported PMML element <Lag> at /PMML/TransformationDictionary/DerivedField/Lag");
    const fn = writeModel(
      "fn.pmml",
      `${HEAD}${DD}<TransformationDictionary><DerivedField name="l" optype="continuous" dataType="double"><Apply function="normalIDF"><FieldRef field="x"/></Apply></DerivedField></TransformationDictionary>
      <RegressionModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema><RegressionTable intercept="0"/></RegressionModel></PMML>`,
    );
    await expect(createPmmlProcessor(fn)).rejects.toThrow(/unsupported PMML element <Apply> .*normalIDF/);
    const strat = writeModel(
      "strategy.pmml",
      `${HEAD}${DD}<TreeModel functionName="regression" missingValueStrategy="aggregateNodes"><MiningSchema><MiningField name="x"/></MiningSchema><Node score="1"><True/></Node></TreeModel></PMML>`,
    );
    await expect(createPmmlProcessor(strat)).rejects.toThrow('unsupported missingValueStrategy="aggregateNodes" on <TreeModel> at /PMML/TreeModel');
    const sel = writeModel(
      "selectall.pmml",
      `${HEAD}${DD}<MiningModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema><Segmentation multipleModelMethod="selectAll"/></MiningModel></PMML>`,
    );
    await expect(createPmmlProcessor(sel)).rejects.toThrow('unsupported multipleModelMethod="selectAll"');
  });

  it("refuses malformed documents", async () => {
    await expect(createPmmlProcessor(writeModel("bad.pmml", "<nope/>"))).rejects.toThrow(/no <PMML> root/);
    await expect(createPmmlProcessor(writeModel("undeclared.pmml", regression(`<MiningField name="nope"/>`)))).rejects.toThrow(/field "nope" is not declared/);
  });
});
