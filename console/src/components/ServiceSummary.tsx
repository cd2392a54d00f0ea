// Status message, endpoint, token, processor and version, instances with scale.
import { useState } from "preact/hooks";
import { ago } from "../lib/format";
import type { AdminKey } from "../lib/signing";
import type { Service } from "../lib/types";
import { CopyButton } from "./CopyButton";
import { ScaleControl } from "./ScaleControl";

export function ServiceSummary(props: { adminKey: AdminKey; service: Service; onChanged: () => void }) {
  const s = props.service;
  const [showToken, setShowToken] = useState(false);
  return (
    <div class="card summary">
      <dl>
        <div class="wide">
          <dt>Message</dt>
          <dd class={s.status === "Failed" ? "bad-text" : ""} data-testid="message">
            {s.message || <span class="muted">—</span>}
          </dd>
        </div>
        <div class="wide">
          <dt>Endpoint</dt>
          <dd class="copyable">
            <code data-testid="endpoint">{s.endpoint}</code>
            <CopyButton text={s.endpoint} label="endpoint" />
          </dd>
        </div>
        <div class="wide">
          <dt>Token</dt>
          <dd class="copyable">
            <code data-testid="token">{showToken ? s.token : "•".repeat(Math.min(32, s.token.length))}</code>
            <button type="button" class="btn small ghost" onClick={() => setShowToken(!showToken)}>
              {showToken ? "Hide" : "Show"}
            </button>
            <CopyButton text={s.token} label="token" />
          </dd>
        </div>
        <div>
          <dt>Processor</dt>
          <dd>{s.processor}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>
            v{s.version} <span class="muted small">updated {ago(s.update_time)}</span>
          </dd>
        </div>
        <div>
          <dt>Instances</dt>
          <dd data-testid="instances-count">
            <span class="strong">
              {s.running_instances}/{s.instance}
            </span>{" "}
            <span class="muted small">running/desired</span>
          </dd>
        </div>
        <div>
          <dt>Scale</dt>
          <dd>
            <ScaleControl adminKey={props.adminKey} name={s.name} desired={s.instance} onDone={props.onChanged} />
            {autoscalerText(s.config) && (
              <div class="muted small" data-testid="autoscaler">
                {autoscalerText(s.config)}
              </div>
            )}
          </dd>
        </div>
      </dl>
      {s.unknown_fields.length > 0 && <div class="alert warn small">Ignored spec fields: {s.unknown_fields.join(", ")}</div>}
    </div>
  );
}

/** The spec's autoscaler in words, or "" (then scaling is manual only). */
function autoscalerText(config: Record<string, unknown>): string {
  const a = config.autoscaler as { min?: number; max?: number; strategies?: Record<string, number> } | undefined;
  if (!a || typeof a.min !== "number" || typeof a.max !== "number") return "";
  const qps = a.strategies?.qps;
  return `autoscaler: ${a.min}–${a.max} instances${qps ? `, ${qps} req/s each` : ""}`;
}
