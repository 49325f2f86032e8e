// Find-or-create of a check run must be atomic across webhook receivers too: two receivers handling the
// same delivery at once would otherwise both create a check run. A Redis lock (SET NX PX, released only by
// its holder) around the in-process one.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RunRegistry } from '../github/run-registry.js';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class RedisLockRegistry extends RunRegistry {
  /** @param ttlMs A lock whose holder died expires after this. */
  constructor(private readonly redis: Redis, private readonly prefix = 'pyshift-lock:', private readonly ttlMs = 15_000) {
    super();
  }

  override withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if (key.startsWith('check-run:')) return super.withLock(key, fn); // writes of one job: one process only
    return super.withLock(key, async () => {
      const token = randomUUID();
      const name = this.prefix + key;
      while ((await this.redis.set(name, token, 'PX', this.ttlMs, 'NX')) !== 'OK') await new Promise((r) => setTimeout(r, 25));
      try {
        return await fn();
      } finally {
        await this.redis.eval(RELEASE, 1, name, token).catch(() => undefined);
      }
    });
  }
}
