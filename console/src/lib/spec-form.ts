// The create form's model: what a picked file means, the spec it becomes, and which
// field each server validation issue belongs to.
import type { Issue } from "./types";

export type FileKind = "model" | "package";
export type ProcessorChoice = "pmml" | "onnx" | "python" | "node";

export interface FormValues {
  name: string;
  processor: ProcessorChoice;
  entry: string;
  instance: string;
  workerThreads: string;
  keepalive: string;
}

export type FieldName = "file" | "name" | "processor" | "entry" | "instance" | "workerThreads" | "keepalive";

export function classify(fileName: string): { kind: FileKind; processor: ProcessorChoice } | undefined {
  const n = fileName.toLowerCase();
  if (n.endsWith(".pmml")) return { kind: "model", processor: "pmml" };
  if (n.endsWith(".onnx")) return { kind: "model", processor: "onnx" };
  if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) return { kind: "package", processor: "python" };
  return undefined;
}

/** A valid service name from a file name: "iris tree.pmml" → "iris_tree". */
export function nameFromFile(fileName: string): string {
  let base = fileName.replace(/\.(tar\.gz|tgz|pmml|onnx)$/i, "").replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "");
  if (!/^[A-Za-z]/.test(base)) base = `svc_${base}`;
  return base.slice(0, 63);
}

export const defaultEntry = (p: ProcessorChoice) => (p === "node" ? "./index.js" : "./app.py");

/** Numbers as numbers; anything else as typed, so the server's message names it. */
function numeric(v: string): unknown {
  const t = v.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

export function buildSpec(v: FormValues, targetPath: string): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  if (v.instance.trim() !== "") metadata.instance = numeric(v.instance);
  if (v.workerThreads.trim() !== "") metadata["rpc.worker_threads"] = numeric(v.workerThreads);
  if (v.keepalive.trim() !== "") metadata["rpc.keepalive"] = numeric(v.keepalive);
  const spec: Record<string, unknown> = { name: v.name.trim() };
  if (v.processor === "pmml" || v.processor === "onnx") {
    spec.processor = v.processor;
    spec.model_path = targetPath;
  } else {
    spec.processor_type = v.processor;
    spec.processor_entry = v.entry.trim();
    spec.processor_path = targetPath;
  }
  spec.metadata = metadata;
  return spec;
}

const FIELD_OF: Record<string, FieldName> = {
  name: "name",
  processor: "processor",
  processor_type: "processor",
  processor_entry: "entry",
  processor_path: "file",
  model_path: "file",
  "metadata.instance": "instance",
  "metadata.rpc.worker_threads": "workerThreads",
  "metadata.rpc.keepalive": "keepalive",
};

/** The CLI's wording for one issue (src/cli/main.ts): "path: message". */
export const issueLine = (i: Issue) => `${i.path || "(spec)"}: ${i.message}`;

export function placeIssues(issues: Issue[]): { byField: Partial<Record<FieldName, string[]>>; other: string[] } {
  const byField: Partial<Record<FieldName, string[]>> = {};
  const other: string[] = [];
  for (const i of issues) {
    const f = FIELD_OF[i.path];
    if (f) (byField[f] ??= []).push(issueLine(i));
    else other.push(issueLine(i));
  }
  return { byField, other };
}
