// Reads file contents at the head commit economically: many blobs per GraphQL request (aliased
// `object(oid:)` / `object(expression: "SHA:path")` fields), and the REST blobs API with the raw media
// type only for large files, truncated texts and texts that are not UTF-8 (so coding cookies still work).

import type { FileError } from '../analysis/types.js';
import type { Octokit, RepoRef } from './changed-files.js';
import type { PlannedFile } from './file-plan.js';

/** Files at or above this size skip GraphQL (whose Blob.text is truncated for large blobs) and go through REST. */
export const GRAPHQL_MAX_BLOB_BYTES = 512 * 1024;
/** One GraphQL request asks for at most this many blobs and this many bytes. */
export const GRAPHQL_BATCH_FILES = 100;
export const GRAPHQL_BATCH_BYTES = 4 * 1024 * 1024;

interface BlobNode {
  text: string | null;
  isBinary: boolean | null;
  isTruncated: boolean;
  byteSize: number;
}

export interface FetchedContents {
  contents: Map<string, string | Uint8Array>;
  errors: FileError[];
}

/** Splits files into GraphQL batches bounded by count and total size. */
export function batchFiles(files: readonly PlannedFile[], maxFiles = GRAPHQL_BATCH_FILES, maxBytes = GRAPHQL_BATCH_BYTES): PlannedFile[][] {
  const batches: PlannedFile[][] = [];
  let current: PlannedFile[] = [];
  let bytes = 0;
  for (const f of files) {
    const size = f.size ?? 0;
    if (current.length > 0 && (current.length >= maxFiles || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(f);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The GraphQL document and variables that read one batch of blobs. */
export function blobQuery(repo: RepoRef, sha: string, files: readonly PlannedFile[]): { query: string; variables: Record<string, string> } {
  const variables: Record<string, string> = { owner: repo.owner, repo: repo.repo };
  const params = ['$owner: String!', '$repo: String!'];
  const fields = files.map((f, i) => {
    if (f.oid) {
      variables[`v${i}`] = f.oid;
      params.push(`$v${i}: GitObjectID!`);
      return `f${i}: object(oid: $v${i}) { ...blob }`;
    }
    variables[`v${i}`] = `${sha}:${f.path}`;
    params.push(`$v${i}: String!`);
    return `f${i}: object(expression: $v${i}) { ...blob }`;
  });
  const query = `query(${params.join(', ')}) {\n  repository(owner: $owner, name: $repo) {\n    ${fields.join('\n    ')}\n  }\n}\nfragment blob on Blob { text isBinary isTruncated byteSize }`;
  return { query, variables };
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Reads the given files at `sha` through the base repository.
 * @returns Contents by path (text from GraphQL, bytes from REST) and the files that could not be read.
 */
export async function fetchContents(opts: { octokit: Octokit; repo: RepoRef; sha: string; files: readonly PlannedFile[]; signal?: AbortSignal }): Promise<FetchedContents> {
  const { octokit, repo, sha, signal } = opts;
  const contents = new Map<string, string | Uint8Array>();
  const errors: FileError[] = [];
  const viaRest: PlannedFile[] = opts.files.filter((f) => (f.size ?? 0) >= GRAPHQL_MAX_BLOB_BYTES);
  const viaGraphql = opts.files.filter((f) => (f.size ?? 0) < GRAPHQL_MAX_BLOB_BYTES);

  for (const batch of batchFiles(viaGraphql)) {
    const { query, variables } = blobQuery(repo, sha, batch);
    const data = await octokit.graphql<{ repository: Record<string, BlobNode | null> | null }>(query, { ...variables, request: { signal } });
    batch.forEach((file, i) => {
      const node = data.repository?.[`f${i}`];
      if (!node) errors.push({ path: file.path, message: 'could not read the file: GitHub has no such file at the head commit' });
      else if (node.isBinary) errors.push({ path: file.path, message: 'skipped: binary file' });
      else if (node.text === null || node.isTruncated || node.text.includes('\uFFFD')) viaRest.push({ ...file, size: node.byteSize });
      else contents.set(file.path, node.text);
    });
  }

  await mapLimit(viaRest, 4, async (file) => {
    contents.set(file.path, await fetchRaw({ octokit, repo, sha, file, signal }));
  });
  return { contents, errors };
}

/** Reads one file's bytes: the blobs API when the blob id is known, else the contents API, both raw and unparsed. */
async function fetchRaw(opts: { octokit: Octokit; repo: RepoRef; sha: string; file: PlannedFile; signal?: AbortSignal }): Promise<Uint8Array> {
  const { octokit, repo, file, signal } = opts;
  // Unparsed: Octokit would decode a `charset=utf-8` response as text, losing the bytes of a Latin-1 file.
  const request = { signal, parseSuccessResponseBody: false };
  const response = file.oid
    ? await octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { ...repo, file_sha: file.oid, mediaType: { format: 'raw' }, request })
    : await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { ...repo, path: file.path, ref: opts.sha, mediaType: { format: 'raw' }, request });
  return new Uint8Array(await new Response(response.data as unknown as ReadableStream<Uint8Array>).arrayBuffer());
}
