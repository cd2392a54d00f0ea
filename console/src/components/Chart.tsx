// A uPlot line chart that fills its container's width.
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

export interface SeriesDef {
  label: string;
  color: string;
  unit: string;
}

const hhmmss = (t: number) => new Date(t * 1000).toLocaleTimeString([], { hour12: false });

export function Chart(props: { title: string; series: SeriesDef[]; data: uPlot.AlignedData; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const height = props.height ?? 170;

  useEffect(() => {
    const el = host.current!;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        // At least a minute wide, so the first samples do not stretch over years.
        x: { time: true, range: (_u, min, max) => (max == null ? [Date.now() / 1000 - 60, Date.now() / 1000] : [Math.min(min ?? max, max - 60), max]) },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] },
      },
      axes: [
        { stroke: "#6b7280", grid: { stroke: "#eef0f3" }, ticks: { stroke: "#e5e7eb" }, values: (_u, splits) => splits.map((t) => hhmmss(t)) },
        { stroke: "#6b7280", grid: { stroke: "#eef0f3" }, ticks: { stroke: "#e5e7eb" }, size: 48 },
      ],
      series: [
        { label: "time", value: (_u: uPlot, t: number | null) => (t == null ? "–" : hhmmss(t)) },
        ...props.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          fill: `${s.color}14`,
          spanGaps: false,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? "–" : `${v} ${s.unit}`),
        })),
      ],
    };
    plot.current = new uPlot(opts, props.data, el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = undefined;
    };
    // The series are fixed for the chart's life; data changes go through setData below.
  }, []);

  useEffect(() => {
    plot.current?.setData(props.data);
  }, [props.data]);

  return (
    <div class="chart">
      <div class="chart-title">{props.title}</div>
      <div ref={host} />
    </div>
  );
}
