// A worker thread of the analysis pool (pool.ts): receives the scan's rules and rebuilds its project facts once
// (at start, or in a first message when started ahead of the scan), then analyses the files it is sent, one at
// a time: given as text, as bytes to decode, or as a local path to read. The analysis itself is pure.

import { parentPort, workerData } from 'node:worker_threads';
import { analyzersWithIncludes } from './analyzers/requirements-includes.js';
import { AnalysisTimeout, fileDeadline } from './budget.js';
import { analyzeSource } from './engine.js';
import { restoreProject } from './project.js';
import { readCapped } from './read-capped.js';
import { decodeSource, unreadableMessage } from './source.js';
import { type PoolInit, type PoolMessage, type PoolReply, type PoolRequest, UndecodableFile } from './pool.js';

interface Setup {
  init: PoolInit;
  project: ReturnType<typeof restoreProject>;
  analyzers: ReturnType<typeof analyzersWithIncludes>;
}

const prepare = (init: PoolInit): Setup => ({ init, project: restoreProject(init.project), analyzers: analyzersWithIncludes(init.includedPipPaths ?? []) });

/** The text of a file as sent: as it is, decoded from bytes, or read from disk and decoded; UndecodableFile if it cannot be. */
function textOf(request: PoolRequest): string {
  if ('text' in request) return request.text;
  let bytes: Uint8Array;
  if ('bytes' in request) bytes = request.bytes;
  else {
    try {
      bytes = readCapped(request.localPath, request.maxBytes);
    } catch (err) {
      throw new UndecodableFile(unreadableMessage(err));
    }
  }
  const decoded = decodeSource(bytes, { maxBytes: request.maxBytes });
  if (!decoded.ok) throw new UndecodableFile(decoded.message);
  return decoded.text;
}

// Given at start (workerData), or as the first message when the thread was started ahead of the scan.
let setup: Setup | undefined = workerData ? prepare(workerData as PoolInit) : undefined;

parentPort!.on('message', (message: PoolMessage) => {
  if ('init' in message) {
    setup = prepare(message.init);
    return;
  }
  const request = message;
  let reply: PoolReply;
  try {
    if (!setup) throw new Error('the analysis thread was sent a file before the scan\'s setup');
    const { init, project, analyzers } = setup;
    const analyzer = analyzers.find((a) => a.kind === request.kind);
    if (!analyzer) throw new Error(`no analyzer of kind ${request.kind}`);
    const deadline = request.budget ? fileDeadline(request.budget) : undefined;
    const text = textOf(request);
    const findings = analyzeSource({
      file: { path: request.path, text }, analyzer, rules: init.rules, target: init.target, project,
      ...(init.packageFacts ? { packageFacts: init.packageFacts } : {}), ...(deadline ? { deadline } : {}),
    });
    reply = { id: request.id, findings, chars: text.length };
  } catch (err) {
    reply = {
      id: request.id, error: (err as Error).message, ...(err instanceof AnalysisTimeout ? { timeout: true } : {}), ...(err instanceof UndecodableFile ? { undecodable: true } : {}),
    };
  }
  parentPort!.postMessage(reply);
});
