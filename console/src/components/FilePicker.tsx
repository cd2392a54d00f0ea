// Pick or drop the model file / processor package.
import { useRef, useState } from "preact/hooks";
import { bytes } from "../lib/format";

export function FilePicker(props: { file: File | undefined; onFile: (f: File) => void; errors?: string[] }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const f = props.file;
  return (
    <div
      class={`dropzone${over ? " over" : ""}${props.errors?.length ? " invalid" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const dropped = e.dataTransfer?.files[0];
        if (dropped) props.onFile(dropped);
      }}
    >
      <input
        ref={input}
        type="file"
        name="file"
        accept=".pmml,.onnx,.tar.gz,.tgz"
        hidden
        onChange={(e) => {
          const picked = e.currentTarget.files?.[0];
          if (picked) props.onFile(picked);
        }}
      />
      {f ? (
        <div class="picked">
          <span class="file-icon" aria-hidden="true">
            ◧
          </span>
          <div>
            <div class="strong mono">{f.name}</div>
            <div class="muted">{bytes(f.size)}</div>
          </div>
          <button type="button" class="btn small" onClick={() => input.current?.click()}>
            Choose another…
          </button>
        </div>
      ) : (
        <div class="pick">
          <p>
            Drop a model file (<code>.pmml</code>, <code>.onnx</code>) or a processor package (<code>.tar.gz</code>) here
          </p>
          <button type="button" class="btn" onClick={() => input.current?.click()}>
            Choose file…
          </button>
        </div>
      )}
      {props.errors?.map((e) => (
        <div class="field-error" key={e}>
          {e}
        </div>
      ))}
    </div>
  );
}
