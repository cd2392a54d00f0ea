// A labelled form field with the server's messages for it underneath.
import type { ComponentChildren } from "preact";

export function Field(props: { label: string; hint?: string; errors?: string[]; children: ComponentChildren; field: string }) {
  const bad = (props.errors?.length ?? 0) > 0;
  return (
    <div class={`field${bad ? " invalid" : ""}`} data-field={props.field}>
      <label>
        <span class="label">{props.label}</span>
        {props.children}
      </label>
      {props.hint && !bad && <div class="hint">{props.hint}</div>}
      {props.errors?.map((e) => (
        <div class="field-error" key={e}>
          {e}
        </div>
      ))}
    </div>
  );
}
