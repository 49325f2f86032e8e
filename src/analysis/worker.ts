// A worker thread of the analysis pool (pool.ts): receives the scan's rules and rebuilds its project facts once,
// then analyses the files it is sent, one at a time. Pure like the analyzers: no file or network I/O.

import { parentPort, workerData } from 'node:worker_threads';
import { analyzersWithIncludes } from './analyzers/requirements-includes.js';
import { AnalysisTimeout, fileDeadline } from './budget.js';
import { analyzeSource } from './engine.js';
import { restoreProject } from './project.js';
import type { PoolInit, PoolReply, PoolRequest } from './pool.js';

const init = workerData as PoolInit;
const rules = init.rules;
const project = restoreProject(init.project);
const analyzers = analyzersWithIncludes(init.includedPipPaths ?? []);

parentPort!.on('message', (request: PoolRequest) => {
  let reply: PoolReply;
  try {
    const analyzer = analyzers.find((a) => a.kind === request.kind);
    if (!analyzer) throw new Error(`no analyzer of kind ${request.kind}`);
    const deadline = request.budget ? fileDeadline(request.budget) : undefined;
    const findings = analyzeSource({
      file: { path: request.path, text: request.text }, analyzer, rules, target: init.target, project,
      ...(init.packageFacts ? { packageFacts: init.packageFacts } : {}), ...(deadline ? { deadline } : {}),
    });
    reply = { id: request.id, findings };
  } catch (err) {
    reply = { id: request.id, error: (err as Error).message, ...(err instanceof AnalysisTimeout ? { timeout: true } : {}) };
  }
  parentPort!.postMessage(reply);
});
