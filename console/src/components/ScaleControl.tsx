// Instances: number input + Apply → PUT {metadata:{instance:N}} (a scale, no new version).
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, errorText } from "../lib/api";
import { issueLine } from "../lib/spec-form";
import type { AdminKey } from "../lib/signing";

export function ScaleControl(props: { adminKey: AdminKey; name: string; desired: number; onDone: () => void }) {
  const [value, setValue] = useState(String(props.desired));
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    if (!dirty) setValue(String(props.desired));
  }, [props.desired, dirty]);

  const apply = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const n = /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    try {
      await api.updateService(props.adminKey, props.name, { metadata: { instance: n } });
      setDirty(false);
      props.onDone();
    } catch (err) {
      setError(err instanceof ApiError && err.issues.length ? err.issues.map(issueLine).join("; ") : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="scale" onSubmit={apply} noValidate>
      <input
        name="instances"
        type="number"
        value={value}
        aria-label="Instances"
        onInput={(e) => {
          setValue(e.currentTarget.value);
          setDirty(true);
        }}
      />
      <button class="btn" type="submit" disabled={busy || !dirty}>
        {busy ? "Applying…" : "Apply"}
      </button>
      {error && <div class="field-error">{error}</div>}
    </form>
  );
}
