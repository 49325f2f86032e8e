// Reads the unified-diff `patch` GitHub sends for each changed file: which lines of the new file the pull request adds.

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/**
 * The 1-based line numbers (in the new version of the file) that a unified-diff patch adds.
 * Context lines advance the new-file counter, removed lines do not, `\ No newline` markers are skipped.
 * @param patch The `patch` field of one entry of `GET /pulls/{n}/files`.
 * @returns The added line numbers.
 */
export function addedLines(patch: string): Set<number> {
  const added = new Set<number>();
  let next = 0;
  let inHunk = false;
  for (const line of patch.split('\n')) {
    const header = HUNK_HEADER.exec(line);
    if (header) {
      next = Number(header[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    const marker = line[0];
    if (marker === '+') added.add(next++);
    else if (marker === ' ') next++;
    // '-' (removed) and '\' ("No newline at end of file") do not exist in the new file.
  }
  return added;
}
