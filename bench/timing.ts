// Per-call latency sampling for the decision benchmarks: every call is timed
// on its own (performance.now(), sub-microsecond on Node), the timer's own
// cost is measured the same way and subtracted, and the distribution gives
// p50 / p99. Throughput comes from the wall time spent in each row's calls.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface Latency {
  p50: number;
  p99: number;
  /** Decisions per second over the whole run (timer overhead included). */
  perSecond: number;
  calls: number;
}

let timerCost: number | undefined;

/** Median cost of the timing itself, in ns. */
export function timerOverheadNs(): number {
  if (timerCost !== undefined) return timerCost;
  const n = 200_000;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    xs[i] = performance.now() - t0;
  }
  timerCost = quantile(xs.sort(), 0.5) * 1e6;
  return timerCost;
}

/**
 * Time several functions on the same inputs, interleaved in chunks, so that
 * load from other processes (and CPU frequency drift) hits every row alike
 * and their ratios stay meaningful on a busy machine.
 */
export function measureInterleaved<T>(rows: Record<string, (x: T) => unknown>, inputs: readonly T[], calls: number, chunk = 1000): Record<string, Latency> {
  const names = Object.keys(rows);
  const samples = names.map(() => new Float64Array(calls));
  const busy = names.map(() => 0);
  const overhead = timerOverheadNs() / 1e6;
  let sink = 0;
  for (const name of names) for (let i = 0; i < Math.min(10_000, calls); i++) if (rows[name](inputs[i % inputs.length])) sink++;
  for (let done = 0; done < calls; done += chunk) {
    const n = Math.min(chunk, calls - done);
    names.forEach((name, r) => {
      const fn = rows[name];
      const xs = samples[r];
      const start = performance.now();
      for (let i = done; i < done + n; i++) {
        const x = inputs[i % inputs.length];
        const t0 = performance.now();
        if (fn(x)) sink++;
        xs[i] = performance.now() - t0 - overhead;
      }
      busy[r] += performance.now() - start;
    });
  }
  if (sink < 0) console.log(sink);
  const out: Record<string, Latency> = {};
  names.forEach((name, r) => {
    const xs = samples[r].sort();
    out[name] = { p50: Math.max(0, quantile(xs, 0.5) * 1e6), p99: Math.max(0, quantile(xs, 0.99) * 1e6), perSecond: (calls / busy[r]) * 1000, calls };
  });
  return out;
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** A full garbage collection, even without --expose-gc (so heap figures mean live data). */
export function collectGarbage(): void {
  const g = (globalThis as { gc?: () => void }).gc ?? exposeGc();
  g();
  g();
}

function exposeGc(): () => void {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
}

export const fmtNs = (ns: number): string => (ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
export const fmtRate = (r: number): string => (r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : `${(r / 1e3).toFixed(0)} k/s`);
export const fmtBytes = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MiB`;
