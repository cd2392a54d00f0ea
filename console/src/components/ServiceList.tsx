// Services list with live traffic numbers; refreshes every 2 s.
import { api } from "../lib/api";
import { num } from "../lib/format";
import { usePoll } from "../lib/poll";
import { linkTo, servicePath } from "../lib/router";
import type { AdminKey } from "../lib/signing";
import type { Service, ServiceStats } from "../lib/types";
import { StatusBadge } from "./StatusBadge";

export function ServiceList(props: { adminKey: AdminKey }) {
  const k = props.adminKey;
  const services = usePoll(() => api.listServices(k), 2000, [k]);
  const stats = usePoll(() => api.stats(k), 2000, [k]);
  const byName = new Map((stats.data?.services ?? []).map((s) => [s.name, s]));
  const list = services.data?.services;

  return (
    <section>
      <div class="page-head">
        <h1>Services</h1>
        <a class="btn primary" href="/new" onClick={linkTo("/new")}>
          + New service
        </a>
      </div>
      {services.error && <div class="alert error">{services.error}</div>}
      {list === undefined ? (
        !services.error && <p class="muted">Loading…</p>
      ) : list.length === 0 ? (
        <div class="card empty">
          <p>No services yet.</p>
          <p class="muted">Upload a model file (.pmml, .onnx) or a processor package (.tar.gz) to deploy one.</p>
          <a class="btn primary" href="/new" onClick={linkTo("/new")}>
            Create a service
          </a>
        </div>
      ) : (
        <div class="card flush">
          <table class="table services">
            <thead>
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th>Message</th>
                <th class="num">Instances</th>
                <th class="num">Req/s</th>
                <th class="num">Errors</th>
                <th>Endpoint</th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <ServiceRow key={s.name} s={s} stats={byName.get(s.name)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ServiceRow({ s, stats }: { s: Service; stats: ServiceStats | undefined }) {
  const short = s.running_instances < s.instance;
  return (
    <tr data-service={s.name}>
      <td>
        <a class="strong" href={servicePath(s.name)} onClick={linkTo(servicePath(s.name))}>
          {s.name}
        </a>
        <div class="sub">{s.processor}</div>
      </td>
      <td>
        <StatusBadge status={s.status} />
      </td>
      <td class="message" title={s.message}>
        {s.message}
      </td>
      <td class={`num instances${short ? " short" : ""}`}>
        {s.running_instances}/{s.instance}
      </td>
      <td class="num">{num(stats?.requests_per_second)}</td>
      <td class={`num${stats && stats.errors_per_second > 0 ? " bad-text" : ""}`} title={stats ? `${stats.total_errors} errors of ${stats.total_requests} requests in total` : ""}>
        {num(stats?.errors_per_second)}
        {stats && stats.total_errors > 0 && <span class="sub"> ({stats.total_errors} total)</span>}
      </td>
      <td class="mono endpoint" title={s.endpoint}>
        {s.endpoint}
      </td>
    </tr>
  );
}
