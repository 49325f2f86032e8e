// Offsets in a file's text to 1-based lines and columns (UTF-16 code units + 1), as findings report them.

export interface Position {
  line: number;
  column: number;
}

/** Returns a function mapping a 0-based offset of `text` to its 1-based line and column. */
export function positionsOf(text: string): (offset: number) => Position {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return (offset: number): Position => {
    const lo = lastAtMost(starts, offset);
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** The index of the last element of `sorted` (ascending, non-empty, sorted[0] <= value) that is <= `value`. */
export function lastAtMost(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The physical lines of `text` with the offset each starts at (line terminators excluded). */
export function linesOf(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ text: text.slice(start, m.index), start });
    start = m.index + m[0].length;
  }
  out.push({ text: text.slice(start), start });
  return out;
}

/**
 * Where a `#` comment starts in one line, together with the whitespace before it: what /\s+#.*$/ matches
 * (with `atLineStart`, pip's /(^|\s+)#.*$/), found in linear time. Those patterns backtrack quadratically on a
 * long run of spaces (100,000 spaces took 11 s; a 2 MiB line would take over an hour).
 */
export function commentStart(line: string, atLineStart = false): number | undefined {
  for (let i = line.indexOf('#'); i >= 0; i = line.indexOf('#', i + 1)) {
    if (i === 0) {
      if (atLineStart) return 0;
      continue;
    }
    if (!/\s/.test(line[i - 1]!)) continue;
    let start = i - 1;
    while (start > 0 && /\s/.test(line[start - 1]!)) start--;
    return start;
  }
  return undefined;
}
