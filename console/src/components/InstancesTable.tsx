import { ago } from "../lib/format";
import type { Instance } from "../lib/types";

export function InstancesTable(props: { instances: Instance[]; currentVersion: number }) {
  if (props.instances.length === 0) return <p class="muted pad">No instances.</p>;
  return (
    <table class="table instances">
      <thead>
        <tr>
          <th>Id</th>
          <th class="num">PID</th>
          <th>State</th>
          <th>Ready</th>
          <th class="num">Restarts</th>
          <th>Started</th>
          <th>Last state / error</th>
        </tr>
      </thead>
      <tbody>
        {props.instances.map((i) => (
          <tr key={i.id} data-instance={i.id}>
            <td class="mono">
              {i.id}
              {i.version !== props.currentVersion && <span class="tag">v{i.version}</span>}
            </td>
            <td class="num mono">{i.pid ?? "–"}</td>
            <td>{i.state}</td>
            <td>{i.ready ? <span class="dot ok">yes</span> : <span class="dot idle">no</span>}</td>
            <td class={`num${i.restarts > 0 ? " warn-text" : ""}`}>{i.restarts}</td>
            <td title={i.started_at ?? ""}>{ago(i.started_at)}</td>
            <td class="last">
              {i.last_state && <div>{i.last_state}</div>}
              {i.last_error && <pre class="error-text">{i.last_error}</pre>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
