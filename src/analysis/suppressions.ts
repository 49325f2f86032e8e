// `# pyshift: ignore[rule-a, rule-b]` and bare `# pyshift: ignore` comments, and which of them were used.

export interface Suppression {
  line: number;
  column: number;
  endColumn: number;
  /** Rule ids; empty means every rule on the line. */
  ids: string[];
  used: Set<string>;
}

const PATTERN = /#\s*pyshift:\s*ignore\b(?:\[([^\]\n]*)\])?/g;

/** Finds suppression comments line by line (all supported file kinds use `#` comments). */
export function findSuppressions(text: string): Suppression[] {
  if (!text.includes('pyshift')) return [];
  const out: Suppression[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes('pyshift')) continue;
    for (const m of line.matchAll(PATTERN)) {
      const ids = (m[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      out.push({ line: i + 1, column: m.index + 1, endColumn: m.index + m[0].length + 1, ids, used: new Set() });
    }
  }
  return out;
}

/** True (and records the use) when a suppression on `line` covers `ruleId`. */
export function isSuppressed(suppressions: readonly Suppression[], line: number, ruleId: string): boolean {
  let hit = false;
  for (const s of suppressions) {
    if (s.line !== line) continue;
    if (s.ids.length === 0 || s.ids.includes(ruleId)) {
      s.used.add(ruleId);
      hit = true;
    }
  }
  return hit;
}
