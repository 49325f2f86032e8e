// The result cache (issue #5): one entry per analysed file, keyed by the file's git blob SHA and path, the
// rule catalogue version (ruleset.version) and the effective config. A re-push re-analyses only the blobs
// that changed. In memory (lru-cache) by default; in Redis, shared by every worker, when REDIS_URL is set.

import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { analyzerFor, compareFindings } from '../analysis/engine.js';
import type { FileError, Finding, ScanResult } from '../analysis/types.js';
import { formatVersion } from '../analysis/versions.js';
import type { Analyze, AnalysisJob } from '../github/analysis-pool.js';

/** What one file contributed to a scan. */
export interface CachedFile {
  findings: Finding[];
  errors: FileError[];
  /** Whether the engine counted the file as analysed (it was read and decoded). */
  analysed: boolean;
}

export interface ResultCache {
  getMany(keys: readonly string[]): Promise<(CachedFile | undefined)[]>;
  setMany(entries: readonly [string, CachedFile][]): Promise<void>;
  close?(): Promise<void>;
}

export class MemoryResultCache implements ResultCache {
  private readonly lru: LRUCache<string, CachedFile>;
  constructor(maxEntries: number) {
    this.lru = new LRUCache({ max: maxEntries });
  }
  async getMany(keys: readonly string[]): Promise<(CachedFile | undefined)[]> {
    return keys.map((k) => this.lru.get(k));
  }
  async setMany(entries: readonly [string, CachedFile][]): Promise<void> {
    for (const [k, v] of entries) this.lru.set(k, v);
  }
}

export class RedisResultCache implements ResultCache {
  private readonly redis: Redis;
  /** @param ttlSeconds Entries expire after this long unused (a catalogue update changes every key anyway). */
  constructor(url: string, private readonly ttlSeconds = 7 * 24 * 3600, private readonly prefix = 'pyshift-cache:') {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true });
  }
  async getMany(keys: readonly string[]): Promise<(CachedFile | undefined)[]> {
    if (keys.length === 0) return [];
    const values = await this.redis.mget(keys.map((k) => this.prefix + k));
    return values.map((v) => (v === null ? undefined : (JSON.parse(v) as CachedFile)));
  }
  async setMany(entries: readonly [string, CachedFile][]): Promise<void> {
    if (entries.length === 0) return;
    const batch = this.redis.pipeline();
    for (const [k, v] of entries) batch.set(this.prefix + k, JSON.stringify(v), 'EX', this.ttlSeconds);
    await batch.exec();
  }
  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

/** Git's blob object id of a file's content (what the git tree lists), so keys match GitHub's blob SHAs. */
export function gitBlobSha(content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Counts of files served from the cache and analysed, since the wrapper was made. */
export interface CacheStats {
  hits: number;
  misses: number;
}

/**
 * Wraps an Analyze function with the cache. The key of a file is its blob SHA and path plus a context hash:
 * the catalogue version, the effective config (target, rule settings, size limit), and what the engine's
 * project-wide first pass sees (every path of the commit, the dependency manifests' blob SHAs), since
 * those can change a file's findings without changing the file. Files that miss are analysed together
 * with the manifests, in one call; a scan whose files all hit runs no analysis at all.
 */
export function cachedAnalyze(analyze: Analyze, cache: ResultCache, rulesetVersion: string): { analyze: Analyze; stats: CacheStats } {
  const stats: CacheStats = { hits: 0, misses: 0 };
  const run: Analyze = async (job, signal) => {
    const files = job.files.map((f) => ({ file: f, blob: gitBlobSha(f.content), collects: Boolean(analyzerFor(f.path)?.collect) }));
    const context = sha256(
      JSON.stringify([
        rulesetVersion,
        job.target,
        Object.entries(job.settings).sort(([a], [b]) => (a < b ? -1 : 1)),
        job.maxFileBytes,
        [...job.projectPaths].sort(),
        job.projectRoots,
        files.filter((f) => f.collects).map((f) => [f.file.path, f.blob]).sort(),
      ]),
    );
    const keys = files.map((f) => `${f.blob}:${sha256(`${context}\0${f.file.path}`).slice(0, 32)}`);
    const cached = await cache.getMany(keys).catch(() => keys.map(() => undefined));
    const missing = files.filter((_, i) => !cached[i]);
    stats.hits += files.length - missing.length;
    stats.misses += missing.length;
    const fresh = new Map<string, CachedFile>();
    if (missing.length > 0) {
      // The manifests go along even when cached: they give the missing files their project context.
      const sub: AnalysisJob = { ...job, files: files.filter((f, i) => !cached[i] || f.collects).map((f) => f.file) };
      const result = await analyze(sub, signal);
      const stored: [string, CachedFile][] = [];
      files.forEach((f, i) => {
        if (!sub.files.includes(f.file)) return;
        const path = f.file.path;
        const errors = result.errors.filter((e) => e.path === path);
        const entry: CachedFile = {
          findings: result.findings.filter((x) => x.path === path),
          errors,
          analysed: analyzerFor(path) !== undefined && !errors.some((e) => !e.message.startsWith('internal error')),
        };
        fresh.set(path, entry);
        // An internal error may not happen next time: such a result is not kept.
        if (!errors.some((e) => e.message.startsWith('internal error'))) stored.push([keys[i]!, entry]);
      });
      await cache.setMany(stored).catch(() => undefined);
    }
    const entries = files.map((f, i) => fresh.get(f.file.path) ?? cached[i]!);
    const scan: ScanResult = {
      target: formatVersion(job.target),
      files: entries.filter((e) => e.analysed).length,
      findings: entries.flatMap((e) => e.findings).sort(compareFindings),
      errors: entries.flatMap((e) => e.errors).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    };
    return scan;
  };
  return { analyze: run, stats };
}
