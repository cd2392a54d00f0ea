import { useState } from "preact/hooks";

/** Copies text; falls back to a hidden textarea where the Clipboard API is unavailable (plain http). */
export function CopyButton(props: { text: string; label?: string }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
    } catch {
      const ta = document.createElement("textarea");
      ta.value = props.text;
      ta.style.position = "fixed";
      ta.style.opacity = "0";
      document.body.appendChild(ta);
      ta.select();
      document.execCommand("copy");
      ta.remove();
    }
    setDone(true);
    setTimeout(() => setDone(false), 1200);
  };
  return (
    <button type="button" class="btn small" onClick={copy} aria-label={`Copy ${props.label ?? ""}`.trim()}>
      {done ? "Copied" : "Copy"}
    </button>
  );
}
