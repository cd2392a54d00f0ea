// Token bucket for rpc.rate_limit (requests per second per service). A bucket of
// one second's worth lets short bursts through while holding the average.
export class RateLimiter {
  private tokens: number;
  private last = performance.now();

  constructor(private readonly perSecond: number) {
    this.tokens = perSecond;
  }

  /** True when the request may proceed. Always true when the limit is 0 (off). */
  take(): boolean {
    if (this.perSecond <= 0) return true;
    const now = performance.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
