// Worker-thread entry of the analysis pool: receives jobs, analyses them with the ruleset it was started
// with, and replies with the scan result or the error message.

import { parentPort, workerData } from 'node:worker_threads';
import type { Ruleset } from '../analysis/ruleset.js';
import { analyzeJob, type AnalysisJob, type WorkerReply } from './analysis-pool.js';

const { ruleset } = workerData as { ruleset: Ruleset };

parentPort!.on('message', (message: { id: number; job: AnalysisJob }) => {
  analyzeJob(ruleset, message.job).then(
    (result) => parentPort!.postMessage({ id: message.id, result } satisfies WorkerReply),
    (err: unknown) => parentPort!.postMessage({ id: message.id, error: (err as Error).message ?? String(err) } satisfies WorkerReply),
  );
});
