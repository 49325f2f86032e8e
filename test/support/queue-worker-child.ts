// A queue worker in its own process, for the test that kills a worker mid-job (SIGKILL): the real
// startWorker against the fake GitHub (FAKE_GITHUB) and redis-server (REDIS_URL). Prints "ready".

import { pino } from 'pino';
import { Probot } from 'probot';
import { startWorker } from '../../src/worker.js';
import { quietOctokit } from '../github/harness.js';

const probot = new Probot({ appId: 1, privateKey: process.env.PRIVATE_KEY!, baseUrl: `${process.env.FAKE_GITHUB}/api/v3`, log: pino({ level: 'silent' }), Octokit: quietOctokit() });
startWorker({ probot, env: { REDIS_URL: process.env.REDIS_URL }, overrides: { analysisWorkers: 0, queueConcurrency: 1 }, redis: { lockMs: 1000 } });
process.stdout.write('ready\n');
