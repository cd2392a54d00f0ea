// One service: summary and controls, traffic charts, try-it, instances, events and logs.
import { useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { usePoll } from "../lib/poll";
import { linkTo } from "../lib/router";
import type { AdminKey } from "../lib/signing";
import { EventsList } from "./EventsList";
import { InstancesTable } from "./InstancesTable";
import { LogTail } from "./LogTail";
import { ServiceActions } from "./ServiceActions";
import { ServiceSummary } from "./ServiceSummary";
import { StatsCharts } from "./StatsCharts";
import { StatusBadge } from "./StatusBadge";
import { TryIt } from "./TryIt";
import { VersionsList } from "./VersionsList";

export function ServicePage(props: { adminKey: AdminKey; name: string }) {
  const k = props.adminKey;
  const [gone, setGone] = useState(false);
  const svc = usePoll(
    async () => {
      try {
        return await api.getService(k, props.name);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) setGone(true);
        throw e;
      }
    },
    2000,
    [k, props.name],
  );
  const s = svc.data;

  if (gone && !s) {
    return (
      <section>
        <div class="alert error">Service "{props.name}" does not exist.</div>
        <a href="/" onClick={linkTo("/")}>
          ← Back to services
        </a>
      </section>
    );
  }
  if (!s) return <p class="muted">{svc.error ?? "Loading…"}</p>;

  const instances = s.instances ?? [];
  return (
    <section class="service-page">
      <div class="page-head">
        <div>
          <a class="back" href="/" onClick={linkTo("/")}>
            ← Services
          </a>
          <h1>
            {s.name} <StatusBadge status={s.status} />
          </h1>
        </div>
        <ServiceActions adminKey={k} service={s} onChanged={svc.reload} />
      </div>
      {svc.error && <div class="alert warn">Refresh failed: {svc.error}</div>}
      <ServiceSummary adminKey={k} service={s} onChanged={svc.reload} />

      <div class="cols">
        <div class="card">
          <h2>Traffic</h2>
          <StatsCharts adminKey={k} name={s.name} />
        </div>
        <div class="card">
          <h2>Try it</h2>
          <TryIt name={s.name} token={s.token} endpoint={s.endpoint} />
        </div>
      </div>

      <div class="card flush">
        <h2 class="pad">
          Instances <span class="muted small">{instances.filter((i) => i.ready).length} ready</span>
        </h2>
        <InstancesTable instances={instances} currentVersion={s.version} />
      </div>

      <div class="card flush">
        <h2 class="pad">
          Versions <span class="muted small">every change of code, model or settings makes one</span>
        </h2>
        <VersionsList adminKey={k} name={s.name} current={s.version} onChanged={svc.reload} />
      </div>

      <div class="cols">
        <div class="card">
          <h2>Events</h2>
          <EventsList adminKey={k} name={s.name} />
        </div>
        <div class="card">
          <h2>Logs</h2>
          <LogTail adminKey={k} name={s.name} instanceKey={instances.map((i) => i.id).join(",")} />
        </div>
      </div>
    </section>
  );
}
