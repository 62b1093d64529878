// Polling a bundle server the way OPA does: GET the bundle with the last
// ETag in If-None-Match; 304 means unchanged; 200 brings a new bundle, which
// the caller verifies and loads before anything is swapped. The next poll is
// scheduled when the previous one ends (never two at once), after a random
// delay between `interval` and `maxInterval`, like OPA's min/max_delay.

export interface WatchOptions {
  /** Milliseconds between polls (OPA's min_delay; default 60 000). */
  interval?: number;
  /** Upper bound of the random delay (OPA's max_delay; default = interval). */
  maxInterval?: number;
  /** Per-request timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** Largest bundle accepted, in bytes (default 64 MiB). */
  maxBytes?: number;
  /** Extra request headers (e.g. Authorization). */
  headers?: Record<string, string>;
  /** Poll at once instead of after the first interval (default true). */
  immediate?: boolean;
  onReload?: (info: ReloadInfo) => void;
  onError?: (error: ReloadFailure) => void;
}

export interface ReloadInfo {
  url: string;
  revision?: string;
  digest: string;
  etag?: string;
}

export interface ReloadFailure {
  url: string;
  /** http, network, too_large, or the loader's code (bad signature, corrupt bundle, …). */
  code: string;
  message: string;
}

export type PollOutcome = { status: 'updated'; info: ReloadInfo } | { status: 'unchanged' } | { status: 'failed'; error: ReloadFailure };

/** Verifies, loads and swaps in new bundle bytes; throws (with a `code`) to refuse them. */
export type ApplyBundle = (bytes: Uint8Array, etag: string | undefined) => Promise<{ revision?: string; digest: string; unchanged?: boolean }>;

export class BundleWatcher {
  etag: string | undefined;
  lastCheck: string | undefined;
  lastError: ReloadFailure | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PollOutcome> | undefined;
  private stopped = true;
  private readonly interval: number;
  private readonly maxInterval: number;

  constructor(
    readonly url: string,
    private readonly apply: ApplyBundle,
    private readonly opts: WatchOptions = {},
  ) {
    this.interval = Math.max(10, opts.interval ?? 60_000);
    this.maxInterval = Math.max(this.interval, opts.maxInterval ?? this.interval);
  }

  start(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    this.schedule(this.opts.immediate === false ? this.delay() : 0);
    return this;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get active(): boolean {
    return !this.stopped;
  }

  private delay(): number {
    return this.interval + Math.floor(Math.random() * (this.maxInterval - this.interval + 1));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.poll().finally(() => this.schedule(this.delay()));
    }, ms);
    this.timer.unref();
  }

  /** One poll now (joins a poll already running). */
  poll(): Promise<PollOutcome> {
    this.running ??= this.pollOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pollOnce(): Promise<PollOutcome> {
    this.lastCheck = new Date().toISOString();
    const fail = (code: string, message: string): PollOutcome => {
      const error = { url: this.url, code, message };
      this.lastError = error;
      this.opts.onError?.(error);
      return { status: 'failed', error };
    };
    let res: Response;
    try {
      const headers: Record<string, string> = { Accept: 'application/gzip, application/octet-stream', ...this.opts.headers };
      if (this.etag) headers['If-None-Match'] = this.etag;
      res = await fetch(this.url, { headers, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000) });
    } catch (e) {
      return fail('network', `fetching ${this.url}: ${describe(e)}`);
    }
    if (res.status === 304) {
      await res.body?.cancel();
      return { status: 'unchanged' };
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      return fail('http', `fetching ${this.url}: HTTP ${res.status}`);
    }
    let bytes: Uint8Array;
    try {
      bytes = await readCapped(res, this.opts.maxBytes ?? 64 * 1024 * 1024);
    } catch (e) {
      return fail((e as { code?: string }).code ?? 'network', `fetching ${this.url}: ${describe(e)}`);
    }
    const etag = res.headers.get('etag') ?? undefined;
    try {
      const loaded = await this.apply(bytes, etag);
      this.etag = etag;
      this.lastError = undefined;
      if (loaded.unchanged) return { status: 'unchanged' };
      const info: ReloadInfo = { url: this.url, revision: loaded.revision, digest: loaded.digest, etag };
      this.opts.onReload?.(info);
      return { status: 'updated', info };
    } catch (e) {
      return fail((e as { code?: string }).code ?? 'load_failed', `bundle from ${this.url} refused, keeping the current one: ${describe(e)}`);
    }
  }
}

async function readCapped(res: Response, max: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await res.body?.cancel();
    throw Object.assign(new Error(`bundle is ${declared} bytes, over the ${max}-byte limit`), { code: 'too_large' });
  }
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      throw Object.assign(new Error(`bundle is over the ${max}-byte limit`), { code: 'too_large' });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message} (${cause.message})` : e.message;
  }
  return String(e);
}
