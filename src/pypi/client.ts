// PyPI's JSON API (https://docs.pypi.org/api/json/): `/pypi/<project>/json` and
// `/pypi/<project>/<version>/json`, with a response cache. Used only when a repository opts in with
// `pypi: true`; the analyzers never call it (they get the facts it produced).

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** One file of a release, as the JSON API lists it (only the fields PyShift reads). */
export interface PypiFile {
  filename: string;
  packagetype: string;
  requires_python: string | null;
  yanked: boolean;
}

export interface PypiProjectResponse {
  info: { name: string; version: string; requires_python: string | null; project_url?: string; release_url?: string };
  /** Deprecated by PyPI and may disappear; absent from the per-version endpoint. */
  releases?: Record<string, PypiFile[]>;
  urls: PypiFile[];
}

/** Stores JSON bodies by URL. */
export interface ResponseCache {
  get(url: string): Promise<unknown | undefined>;
  set(url: string, body: unknown): Promise<void>;
}

/** A cache for one process (one scan, one webhook delivery). */
export class MemoryCache implements ResponseCache {
  private readonly entries = new Map<string, unknown>();
  async get(url: string): Promise<unknown | undefined> {
    return this.entries.get(url);
  }
  async set(url: string, body: unknown): Promise<void> {
    this.entries.set(url, body);
  }
}

/** A cache on disk (one JSON file per URL) whose entries expire after `maxAgeMs`. */
export class DirectoryCache implements ResponseCache {
  constructor(
    private readonly dir: string,
    private readonly maxAgeMs: number = 24 * 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  private file(url: string): string {
    return join(this.dir, `${createHash('sha256').update(url).digest('hex').slice(0, 32)}.json`);
  }

  async get(url: string): Promise<unknown | undefined> {
    let text: string;
    try {
      text = await readFile(this.file(url), 'utf8');
    } catch {
      return undefined;
    }
    const entry = JSON.parse(text) as { url: string; storedAt: number; body: unknown };
    if (entry.url !== url || this.now() - entry.storedAt > this.maxAgeMs) return undefined;
    return entry.body;
  }

  async set(url: string, body: unknown): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(this.file(url), JSON.stringify({ url, storedAt: this.now(), body }));
  }
}

export class PypiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PypiError';
  }
}

export interface PypiClientOptions {
  baseUrl?: string;
  cache?: ResponseCache;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Reads PyPI's JSON API through a cache; a project PyPI does not know (404) is `undefined`, not an error. */
export class PypiClient {
  private readonly baseUrl: string;
  private readonly cache: ResponseCache;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(opts: PypiClientOptions = {}) {
    this.baseUrl = (opts.baseUrl ?? 'https://pypi.org').replace(/\/$/, '');
    this.cache = opts.cache ?? new MemoryCache();
    this.fetchImpl = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  project(name: string): Promise<PypiProjectResponse | undefined> {
    return this.get(`${this.baseUrl}/pypi/${encodeURIComponent(name)}/json`);
  }

  release(name: string, version: string): Promise<PypiProjectResponse | undefined> {
    return this.get(`${this.baseUrl}/pypi/${encodeURIComponent(name)}/${encodeURIComponent(version)}/json`);
  }

  private async get(url: string): Promise<PypiProjectResponse | undefined> {
    const cached = await this.cache.get(url);
    if (cached !== undefined) return cached === null ? undefined : (cached as PypiProjectResponse);
    let response: Response;
    try {
      response = await this.fetchImpl(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new PypiError(`could not reach ${url}: ${(err as Error).message}`);
    }
    if (response.status === 404) {
      await this.cache.set(url, null);
      return undefined;
    }
    if (!response.ok) throw new PypiError(`${url} answered ${response.status}`);
    const body = (await response.json()) as PypiProjectResponse;
    if (!body || typeof body !== 'object' || !body.info) throw new PypiError(`${url} did not return a PyPI project document`);
    await this.cache.set(url, body);
    return body;
  }
}

/** Where the CLI keeps PyPI responses: $XDG_CACHE_HOME/pyshift/pypi, else ~/.cache/pyshift/pypi. */
export function defaultCacheDir(env: Record<string, string | undefined>): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || env.USERPROFILE || '.', '.cache');
  return join(base, 'pyshift', 'pypi');
}
