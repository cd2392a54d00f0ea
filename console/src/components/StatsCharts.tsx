// Latency and throughput charts from /api/v1/stats, sampled every 2 s into a rolling
// 5-minute window kept in the browser.
import { useEffect, useState } from "preact/hooks";
import type uPlot from "uplot";
import { api } from "../lib/api";
import { num } from "../lib/format";
import type { AdminKey } from "../lib/signing";
import type { ServiceStats } from "../lib/types";
import { Chart } from "./Chart";
import { Kpi } from "./Kpi";

const EVERY_MS = 2000;
const WINDOW_POINTS = 150;

interface Window {
  t: number[];
  p50: (number | null)[];
  p99: (number | null)[];
  rps: number[];
  eps: number[];
  last?: ServiceStats;
}

const EMPTY: Window = { t: [], p50: [], p99: [], rps: [], eps: [] };

export function StatsCharts(props: { adminKey: AdminKey; name: string }) {
  const [w, setW] = useState<Window>(EMPTY);

  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const r = await api.stats(props.adminKey);
        const s = r.services.find((x) => x.name === props.name);
        if (alive && s) {
          const t = Date.parse(r.time) / 1000;
          setW((cur) => {
            const keep = <T,>(a: T[], v: T) => [...a, v].slice(-WINDOW_POINTS);
            return { t: keep(cur.t, t), p50: keep(cur.p50, s.p50_ms), p99: keep(cur.p99, s.p99_ms), rps: keep(cur.rps, s.requests_per_second), eps: keep(cur.eps, s.errors_per_second), last: s };
          });
        }
      } catch {
        // the service page shows connection errors; keep the window as it is
      }
      if (alive) timer = setTimeout(tick, EVERY_MS);
    };
    void tick();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [props.adminKey, props.name]);

  const s = w.last;
  return (
    <div class="charts">
      <div class="kpis">
        <Kpi label="req/s" value={num(s?.requests_per_second)} />
        <Kpi label="errors/s" value={num(s?.errors_per_second)} bad={(s?.errors_per_second ?? 0) > 0} />
        <Kpi label="p50" value={s?.p50_ms == null ? "–" : `${num(s.p50_ms)} ms`} />
        <Kpi label="p99" value={s?.p99_ms == null ? "–" : `${num(s.p99_ms)} ms`} />
        <Kpi label="in flight" value={String(s?.in_flight ?? 0)} />
        <Kpi label="queued" value={String(s?.queued ?? 0)} />
        <Kpi label="total" value={String(s?.total_requests ?? 0)} />
      </div>
      <Chart
        title="Latency (ms, last 10 s)"
        series={[
          { label: "p50", color: "#2f6fdf", unit: "ms" },
          { label: "p99", color: "#d97706", unit: "ms" },
        ]}
        data={[w.t, w.p50, w.p99] as uPlot.AlignedData}
      />
      <Chart
        title="Throughput (per second, last 10 s)"
        series={[
          { label: "requests", color: "#059669", unit: "/s" },
          { label: "errors", color: "#dc2626", unit: "/s" },
        ]}
        data={[w.t, w.rps, w.eps] as uPlot.AlignedData}
      />
    </div>
  );
}
