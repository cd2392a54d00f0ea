// Create a service from a file: pick it, fill the form, upload it as a blob, then POST
// the spec. Validation problems come back from the server and sit next to their field.
import { useRef, useState } from "preact/hooks";
import { api, ApiError, errorText } from "../lib/api";
import { linkTo, navigate, servicePath } from "../lib/router";
import type { AdminKey } from "../lib/signing";
import { buildSpec, classify, defaultEntry, type FieldName, type FileKind, type FormValues, nameFromFile, placeIssues, type ProcessorChoice } from "../lib/spec-form";
import { Field } from "./Field";
import { FilePicker } from "./FilePicker";

const INITIAL: FormValues = { name: "", processor: "python", entry: "./app.py", instance: "1", workerThreads: "5", keepalive: "5000" };

export function CreateService(props: { adminKey: AdminKey }) {
  const [file, setFile] = useState<File | undefined>(undefined);
  const [kind, setKind] = useState<FileKind | undefined>(undefined);
  const [v, setV] = useState<FormValues>(INITIAL);
  const [phase, setPhase] = useState<string | undefined>(undefined);
  const [errors, setErrors] = useState<{ byField: Partial<Record<FieldName, string[]>>; other: string[]; summary?: string }>({ byField: {}, other: [] });
  /** The blob for the picked file, so a resubmit after a validation error does not upload again. */
  const uploaded = useRef<{ file: File; target: string } | undefined>(undefined);

  const set = (patch: Partial<FormValues>) => setV((cur) => ({ ...cur, ...patch }));
  const onFile = (f: File) => {
    const c = classify(f.name);
    setFile(f);
    if (!c) {
      setKind(undefined);
      setErrors({ byField: { file: [`${f.name}: expected a .pmml or .onnx model file, or a .tar.gz processor package`] }, other: [] });
      return;
    }
    setKind(c.kind);
    setErrors({ byField: {}, other: [] });
    set({ name: nameFromFile(f.name), processor: c.processor, entry: defaultEntry(c.processor) });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file || !kind) return;
    setErrors({ byField: {}, other: [] });
    try {
      let target = uploaded.current?.file === file ? uploaded.current.target : undefined;
      if (!target) {
        const blob = await api.uploadBlob(props.adminKey, file, setPhase);
        target = blob.target_path;
        uploaded.current = { file, target };
      }
      setPhase("Creating");
      const svc = await api.createService(props.adminKey, buildSpec(v, target));
      navigate(servicePath(svc.name));
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) {
        const n = err.issues.length;
        setErrors({ ...placeIssues(err.issues), summary: `Invalid service spec (${n} problem${n > 1 ? "s" : ""})` });
      } else {
        setErrors({ byField: {}, other: [errorText(err)] });
      }
      setPhase(undefined);
    }
  };

  const isModel = kind === "model";
  const choices: ProcessorChoice[] = isModel ? ["pmml", "onnx"] : ["python", "node"];
  const fe = errors.byField;
  return (
    <section class="narrow">
      <div class="page-head">
        <h1>New service</h1>
        <a class="btn ghost" href="/" onClick={linkTo("/")}>
          Cancel
        </a>
      </div>
      <form class="card form" onSubmit={submit} noValidate>
        <h2>1. Model or package</h2>
        <FilePicker file={file} onFile={onFile} errors={fe.file} />
        {kind && (
          <>
            <h2>2. Service</h2>
            <div class="grid2">
              <Field field="name" label="Name" hint="Letters, digits, '_' or '-', starting with a letter" errors={fe.name}>
                <input name="name" value={v.name} onInput={(e) => set({ name: e.currentTarget.value })} autoComplete="off" />
              </Field>
              <Field field="processor" label="Processor" hint={isModel ? "Built-in processor for the model file" : "Your code in the package"} errors={fe.processor}>
                <select
                  name="processor"
                  value={v.processor}
                  onChange={(e) => {
                    const p = e.currentTarget.value as ProcessorChoice;
                    set({ processor: p, entry: defaultEntry(p) });
                  }}
                >
                  {choices.map((c) => (
                    <option key={c} value={c}>
                      {isModel ? `${c} (built-in)` : c}
                    </option>
                  ))}
                </select>
              </Field>
              {!isModel && (
                <Field field="entry" label="Entry file" hint="Inside the package" errors={fe.entry}>
                  <input name="entry" class="mono" value={v.entry} onInput={(e) => set({ entry: e.currentTarget.value })} />
                </Field>
              )}
            </div>
            <div class="grid3">
              <Field field="instance" label="Instances" hint="Processes serving it; scale later" errors={fe.instance}>
                <input name="instance" type="number" value={v.instance} onInput={(e) => set({ instance: e.currentTarget.value })} />
              </Field>
              <Field field="workerThreads" label="Worker threads" hint="Concurrent requests per instance" errors={fe.workerThreads}>
                <input name="worker_threads" type="number" value={v.workerThreads} onInput={(e) => set({ workerThreads: e.currentTarget.value })} />
              </Field>
              <Field field="keepalive" label="Keepalive (ms)" hint="Longest a request may take" errors={fe.keepalive}>
                <input name="keepalive" type="number" value={v.keepalive} onInput={(e) => set({ keepalive: e.currentTarget.value })} />
              </Field>
            </div>
          </>
        )}
        {(errors.summary || errors.other.length > 0) && (
          <div class="alert error" role="alert">
            {errors.summary && <div class="strong">{errors.summary}</div>}
            {errors.other.map((o) => (
              <div key={o}>{o}</div>
            ))}
          </div>
        )}
        <div class="actions">
          <button class="btn primary" type="submit" disabled={!kind || phase !== undefined}>
            {phase ? `${phase}…` : "Upload and create"}
          </button>
        </div>
      </form>
    </section>
  );
}
