// Per-call latency sampling for the decision benchmarks: every call is timed
// on its own (performance.now(), sub-microsecond on Node), the timer's own
// cost is measured the same way and subtracted, and the distribution gives
// p50 / p99. Throughput comes from the wall time spent in each row's calls.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface Latency {
  /** Median ns per call: over the calm chunks when a probe was given (see MeasureOptions), else over all calls. */
  p50: number;
  /** Median over all calls, calm or not. */
  p50All: number;
  p99: number;
  /** Decisions per second over the whole run (timer overhead included). */
  perSecond: number;
  calls: number;
  /** Share of the calls that ran in calm chunks (1 without a probe). */
  calmShare: number;
  /** The probe's median speed during this measurement ÷ the fastest seen (1 without a probe). */
  slowdown: number;
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

export interface MeasureOptions<T> {
  /**
   * A cheap reference function timed briefly (PROBE_CALLS calls) before
   * every chunk of every row, as a speedometer. The shared machines these
   * benches run on have slow spells of 0.1 s to seconds in which
   * cache-resident code (every row here: plain JS, ajv, decide(), WASM)
   * runs ~1.9x slower while ALU- and DRAM-bound loops do not (a busy
   * neighbour on the host core). Chunks whose probe ran within CALM_SLACK
   * of the fastest probe speed seen in this process (for this probe and
   * inputs array) count
   * as calm; p50 is taken over the calm chunks of each row, so tables
   * measured seconds apart stay comparable. A table with too few calm
   * chunks keeps every call and says how slow the machine was.
   */
  probe?: (x: T) => unknown;
}

const PROBE_CALLS = 32;
const CALM_SLACK = 1.25;
/** Per probe and inputs: the fastest speed (tenth percentile of chunk probes) seen by any measurement so far. */
const fastestProbe = new WeakMap<object, WeakMap<object, number>>();

/**
 * Time several functions on the same inputs, interleaved in chunks, so that
 * load from other processes (and CPU frequency drift) hits every row alike
 * and their ratios stay meaningful on a busy machine.
 */
export function measureInterleaved<T>(
  rows: Record<string, (x: T) => unknown>,
  inputs: readonly T[],
  calls: number,
  chunk = 1000,
  opts: MeasureOptions<T> = {},
): Record<string, Latency> {
  const names = Object.keys(rows);
  const samples = names.map(() => new Float64Array(calls));
  const busy = names.map(() => 0);
  const overhead = timerOverheadNs() / 1e6;
  const chunks = Math.ceil(calls / chunk);
  /** Per row and chunk: the probe's median just before the chunk ran. */
  const speed = names.map(() => new Float64Array(chunks));
  const probeTimes = new Float64Array(PROBE_CALLS);
  let sink = 0;
  for (const name of names) for (let i = 0; i < Math.min(10_000, calls); i++) if (rows[name](inputs[i % inputs.length])) sink++;
  if (opts.probe) for (let i = 0; i < 10_000; i++) if (opts.probe(inputs[i % inputs.length])) sink++;
  for (let done = 0; done < calls; done += chunk) {
    const n = Math.min(chunk, calls - done);
    names.forEach((name, r) => {
      const fn = rows[name];
      const xs = samples[r];
      if (opts.probe) {
        for (let i = 0; i < PROBE_CALLS; i++) {
          const t0 = performance.now();
          if (opts.probe(inputs[i % inputs.length])) sink++;
          probeTimes[i] = performance.now() - t0;
        }
        speed[r][done / chunk] = probeTimes.sort()[PROBE_CALLS >> 1];
      }
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
  // Calm: the probe within CALM_SLACK of the fastest seen, the same bar for every row.
  const allSpeeds = Float64Array.from(speed.flatMap((s) => [...s])).sort();
  let fastest = quantile(allSpeeds, 0.1);
  if (opts.probe) {
    const byInputs = fastestProbe.get(opts.probe) ?? new WeakMap<object, number>();
    fastest = Math.min(fastest, byInputs.get(inputs) ?? Infinity);
    byInputs.set(inputs, fastest);
    fastestProbe.set(opts.probe, byInputs);
  }
  const calmBar = fastest * CALM_SLACK;
  const slowdown = quantile(allSpeeds, 0.5) / fastest;
  const out: Record<string, Latency> = {};
  names.forEach((name, r) => {
    const calm: number[] = [];
    if (opts.probe) {
      for (let c = 0; c < chunks; c++) if (speed[r][c] <= calmBar) for (let i = c * chunk; i < Math.min(calls, (c + 1) * chunk); i++) calm.push(samples[r][i]);
    }
    const xs = samples[r].sort();
    const p50All = Math.max(0, quantile(xs, 0.5) * 1e6);
    // Too few calm chunks to trust: fall back to every call.
    const calmShare = opts.probe ? calm.length / calls : 1;
    const p50 = opts.probe && calmShare >= 0.1 ? Math.max(0, quantile(Float64Array.from(calm).sort(), 0.5) * 1e6) : p50All;
    out[name] = { p50, p50All, p99: Math.max(0, quantile(xs, 0.99) * 1e6), perSecond: (calls / busy[r]) * 1000, calls, calmShare, slowdown };
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
