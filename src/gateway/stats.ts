// Recent per-service traffic for the console: requests/s, errors/s and latency
// quantiles over the last WINDOW seconds, kept as one-second buckets of a log-scale
// histogram so recording is O(1) and nothing grows with traffic.
const WINDOW = 10;
const BINS = 96; // ~13% wide bins from 20 µs to ~2 min
const MIN_MS = 0.02;
const GROWTH = Math.log(1.13);

interface Bucket {
  second: number;
  count: number;
  errors: number;
  bins: Uint32Array;
}

export interface ServiceStats {
  name: string;
  requests_per_second: number;
  errors_per_second: number;
  p50_ms: number | null;
  p99_ms: number | null;
  total_requests: number;
  total_errors: number;
}

class Series {
  private readonly buckets: Bucket[] = Array.from({ length: WINDOW }, () => ({ second: -1, count: 0, errors: 0, bins: new Uint32Array(BINS) }));
  total = 0;
  totalErrors = 0;

  record(ms: number, error: boolean): void {
    const sec = Math.floor(Date.now() / 1000);
    const b = this.buckets[sec % WINDOW]!;
    if (b.second !== sec) {
      b.second = sec;
      b.count = 0;
      b.errors = 0;
      b.bins.fill(0);
    }
    b.count++;
    this.total++;
    if (error) {
      b.errors++;
      this.totalErrors++;
    }
    const i = ms <= MIN_MS ? 0 : Math.min(BINS - 1, Math.floor(Math.log(ms / MIN_MS) / GROWTH));
    b.bins[i]!++;
  }

  snapshot(name: string): ServiceStats {
    const now = Math.floor(Date.now() / 1000);
    const merged = new Uint32Array(BINS);
    let count = 0;
    let errors = 0;
    for (const b of this.buckets) {
      // The current second is partial: use the WINDOW-1 full seconds before it plus it.
      if (b.second <= now - WINDOW || b.second > now) continue;
      count += b.count;
      errors += b.errors;
      for (let i = 0; i < BINS; i++) merged[i]! += b.bins[i]!;
    }
    return {
      name,
      requests_per_second: round(count / WINDOW),
      errors_per_second: round(errors / WINDOW),
      p50_ms: quantile(merged, count, 0.5),
      p99_ms: quantile(merged, count, 0.99),
      total_requests: this.total,
      total_errors: this.totalErrors,
    };
  }
}

function quantile(bins: Uint32Array, count: number, q: number): number | null {
  if (count === 0) return null;
  const want = Math.ceil(count * q);
  let seen = 0;
  for (let i = 0; i < BINS; i++) {
    seen += bins[i]!;
    if (seen >= want) return round(MIN_MS * Math.exp(GROWTH * (i + 1))); // upper edge of the bin
  }
  return null;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export class TrafficStats {
  private readonly series = new Map<string, Series>();

  record(service: string, ms: number, error: boolean): void {
    let s = this.series.get(service);
    if (!s) {
      s = new Series();
      this.series.set(service, s);
    }
    s.record(ms, error);
  }

  snapshot(service: string): ServiceStats {
    return (this.series.get(service) ?? new Series()).snapshot(service);
  }

  forget(service: string): void {
    this.series.delete(service);
  }
}
