// The built-in `pmml` processor: JSON record(s) in, JSON scores out.
import { readFile } from "node:fs/promises";
import type { ProcessOutput, Processor } from "../types.js";
import { type OutputRecord, PmmlEvaluator } from "./evaluator.js";
import { EvalError } from "./values.js";

function error(status: number, message: string): ProcessOutput {
  return [JSON.stringify({ error: message }), status];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Score a request body. An object is one record (→ object); an array is many (→ array).
 * Invalid input answers 400 with {"error": "record <i>: field \"x\": ..."} (i = 0-based array index;
 * no record prefix for a single object).
 */
export function scoreBody(ev: PmmlEvaluator, data: Buffer | string): ProcessOutput {
  let body: unknown;
  try {
    body = JSON.parse(typeof data === "string" ? data : data.toString("utf8"));
  } catch {
    return error(400, "request body is not valid JSON");
  }
  const one = (rec: unknown, prefix: string): OutputRecord => {
    if (!isRecord(rec)) throw new EvalError(`${prefix}expected a JSON object with the input fields`);
    try {
      return ev.evaluate(rec);
    } catch (e) {
      if (e instanceof EvalError) throw new EvalError(`${prefix}${e.message}`, e.field);
      throw e;
    }
  };
  try {
    if (Array.isArray(body)) return [JSON.stringify(body.map((r, i) => one(r, `record ${i}: `))), 200];
    return [JSON.stringify(one(body, "")), 200];
  } catch (e) {
    if (e instanceof EvalError) return error(400, e.message);
    return error(500, `scoring failed: ${(e as Error).message}`);
  }
}

export async function loadPmmlFile(modelFile: string): Promise<PmmlEvaluator> {
  const xml = await readFile(modelFile, "utf8");
  return new PmmlEvaluator(xml);
}

export async function createProcessor(modelFile: string): Promise<Processor> {
  const ev = await loadPmmlFile(modelFile);
  return {
    process: (data: Buffer) => scoreBody(ev, data),
  };
}
