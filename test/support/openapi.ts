// Validates outgoing check-run request bodies against GitHub's OpenAPI description (@octokit/openapi) and
// the documented limits the schema does not express.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Method = 'POST' | 'PATCH';

const ROUTES: Record<Method, { path: string; op: 'post' | 'patch' }> = {
  POST: { path: '/repos/{owner}/{repo}/check-runs', op: 'post' },
  PATCH: { path: '/repos/{owner}/{repo}/check-runs/{check_run_id}', op: 'patch' },
};

let validators: Record<Method, ValidateFunction> | undefined;

function load(): Record<Method, ValidateFunction> {
  if (validators) return validators;
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, { requestBody: { content: { 'application/json': { schema: object } } } }>> };
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const compile = (m: Method): ValidateFunction => ajv.compile(spec.paths[ROUTES[m].path]![ROUTES[m].op]!.requestBody.content['application/json'].schema);
  validators = { POST: compile('POST'), PATCH: compile('PATCH') };
  return validators;
}

interface Body {
  output?: { title?: string; summary?: string; annotations?: { start_line: number; end_line: number; start_column?: number; end_column?: number }[] };
}

/**
 * Problems with a check-run request body: OpenAPI schema violations, plus the documented limits
 * (at most 50 annotations per request, 65,535 summary characters, columns only on one-line annotations,
 * a title whenever there is an output).
 * @returns One message per problem; empty when the body is valid.
 */
export function checkRunBodyProblems(method: Method, body: unknown): string[] {
  const validate = load()[method];
  const problems = validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}`);
  const output = (body as Body).output;
  if (output) {
    if (!output.title) problems.push('/output/title is required with an output');
    if ((output.summary ?? '').length > 65_535) problems.push('/output/summary is over 65,535 characters');
    const annotations = output.annotations ?? [];
    if (annotations.length > 50) problems.push(`/output/annotations has ${annotations.length} items (at most 50 per request)`);
    annotations.forEach((a, i) => {
      if ((a.start_column !== undefined || a.end_column !== undefined) && a.start_line !== a.end_line) {
        problems.push(`/output/annotations/${i} has columns but spans lines ${a.start_line}-${a.end_line}`);
      }
    });
  }
  return problems;
}
