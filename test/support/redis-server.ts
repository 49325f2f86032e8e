// A throwaway redis-server for tests and benchmarks: started on a free port of 127.0.0.1 only, without
// persistence, stopped at the end. When the binary is missing (CI without apt), says why instead.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './fake-github.js';

export interface LocalRedis {
  url: string;
  stop(): Promise<void>;
}

/** Why the Redis tests cannot run here, or undefined when redis-server is installed. */
export function redisUnavailable(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `redis-server is not installed (${probe.error?.message ?? probe.stderr.trim()}); .ci/run installs Debian's redis-server package when apt is reachable`;
  return undefined;
}

export async function startRedis(): Promise<LocalRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  for (let i = 0; ; i++) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (err) {
      client.disconnect();
      if (i > 100 || child.exitCode !== null) throw new Error(`redis-server did not start on ${url}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  client.disconnect();
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
