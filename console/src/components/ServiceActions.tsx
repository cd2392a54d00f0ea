// Stop / start and delete (with a confirm dialog).
import { useState } from "preact/hooks";
import { useAction } from "../lib/action";
import { api } from "../lib/api";
import { navigate } from "../lib/router";
import type { AdminKey } from "../lib/signing";
import type { Service } from "../lib/types";
import { ConfirmDialog } from "./ConfirmDialog";

export function ServiceActions(props: { adminKey: AdminKey; service: Service; onChanged: () => void }) {
  const s = props.service;
  const action = useAction();
  const { busy, error } = action;
  const [confirming, setConfirming] = useState(false);
  const running = s.desired !== "stopped";

  const run = async (fn: () => Promise<unknown>, after?: () => void) => {
    if (await action.run(fn)) (after ?? props.onChanged)();
  };

  return (
    <div class="head-actions">
      {error && <span class="field-error">{error}</span>}
      <button class="btn" disabled={busy} onClick={() => run(() => (running ? api.stop(props.adminKey, s.name) : api.start(props.adminKey, s.name)))}>
        {running ? "Stop" : "Start"}
      </button>
      <button class="btn danger" disabled={busy} onClick={() => setConfirming(true)}>
        Delete
      </button>
      {confirming && (
        <ConfirmDialog
          title={`Delete ${s.name}?`}
          confirmLabel="Delete service"
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() =>
            run(
              () => api.deleteService(props.adminKey, s.name),
              () => navigate("/"),
            )
          }
        >
          <p>
            This stops its {s.instance} instance{s.instance === 1 ? "" : "s"}, and removes its versions, token and events. Callers of{" "}
            <code>{s.endpoint}</code> will get 404.
          </p>
          {error && <div class="alert error">{error}</div>}
        </ConfirmDialog>
      )}
    </div>
  );
}
