// The service's versions (every create and every processor/model/config change makes one),
// newest first, with a switch to any older one: the same rolling switch as `easel version`.
import { useState } from "preact/hooks";
import { useAction } from "../lib/action";
import { api } from "../lib/api";
import { ago } from "../lib/format";
import { usePoll } from "../lib/poll";
import type { AdminKey } from "../lib/signing";
import { ConfirmDialog } from "./ConfirmDialog";

/**
 * What a version runs, in a few words: processor and where its code or model comes from.
 * (Not the instance count: scaling makes no version, and a switch keeps the current count.)
 */
export function versionSummary(spec: Record<string, unknown>): string {
  const processor = String(spec.processor ?? spec.processor_type ?? "?");
  const source = String(spec.processor_path ?? spec.model_path ?? "");
  const short = source.replace(/^easel:\/\/blobs\/([0-9a-f]{12})[0-9a-f]+/, "easel://blobs/$1…");
  return `${processor}${short ? ` · ${short}` : ""}`;
}

export function VersionsList(props: { adminKey: AdminKey; name: string; current: number; onChanged: () => void }) {
  const k = props.adminKey;
  // Reloaded when the service's current version changes (a switch, or a modify elsewhere).
  const { data, error, reload } = usePoll(() => api.versions(k, props.name), 10_000, [k, props.name, props.current]);
  const [target, setTarget] = useState<number | undefined>(undefined);
  const { busy, error: failure, run } = useAction();
  const versions = [...(data?.versions ?? [])].sort((a, b) => b.version - a.version);

  const activate = async (v: number) => {
    if (!(await run(() => api.activateVersion(k, props.name, v)))) return;
    setTarget(undefined);
    reload();
    props.onChanged();
  };

  return (
    <div class="versions">
      {error && <div class="alert error">{error}</div>}
      {failure && <div class="alert error">{failure}</div>}
      <table class="table">
        <thead>
          <tr>
            <th>Version</th>
            <th>Created</th>
            <th>Runs</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-version={v.version}>
              <td class="mono">
                v{v.version} {v.current && <span class="badge ok">current</span>}
              </td>
              <td title={v.created_at}>
                {ago(v.created_at)} <span class="muted small">{v.note}</span>
              </td>
              <td class="mono small">{versionSummary(v.spec)}</td>
              <td class="num">
                {!v.current && (
                  <button class="btn" disabled={busy} onClick={() => setTarget(v.version)}>
                    {v.version < props.current ? "Roll back" : "Switch"} to v{v.version}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {target !== undefined && (
        <ConfirmDialog
          title={`Switch ${props.name} to v${target}?`}
          confirmLabel={`Switch to v${target}`}
          busy={busy}
          onCancel={() => setTarget(undefined)}
          onConfirm={() => void activate(target)}
        >
          <p>
            Version {target}'s instances start and warm up; requests move to them once they are ready, then v{props.current}'s instances drain
            and stop. Nothing is deleted: you can switch back.
          </p>
          {failure && <div class="alert error">{failure}</div>}
        </ConfirmDialog>
      )}
    </div>
  );
}
