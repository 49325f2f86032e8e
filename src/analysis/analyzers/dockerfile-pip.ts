// `pip install` / `pip wheel` / `pip download` in a Dockerfile RUN (also `python -m pip` and `uv pip`):
// which words are requirement strings, so that they are checked like requirements-file lines.

import { baseName, type Word } from './dockerfile-shell.js';

const PIP = /^pip(\d+(\.\d+)?)?$/;
const PYTHON = /^python(\d+(\.\d+)?t?)?$/;
const SUBCOMMANDS = new Set(['install', 'wheel', 'download']);

/** pip options that take a value as the next word (long and short spellings). */
const OPTIONS_WITH_VALUE = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url',
  '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--platform', '--python-version',
  '--implementation', '--abi', '--only-binary', '--no-binary', '--progress-bar', '--upgrade-strategy',
  '--src', '--trusted-host', '--cache-dir', '--log', '--proxy', '--retries', '--timeout', '--exists-action',
  '--cert', '--client-cert', '--global-option', '-C', '--config-settings', '--report', '--root-user-action',
  '-d', '--dest', '-w', '--wheel-dir', '--python', '-p', '--index', '--default-index', '--group',
]);
/** Words that name files, directories, URLs or command substitutions rather than requirements. */
const NOT_A_REQUIREMENT = /[/\\`]|^\.|\.(whl|zip|tar\.gz|tgz)$/;

/** Whether a (substituted) pip argument can be a requirement string rather than a path or URL. */
export function looksLikeRequirement(text: string): boolean {
  return text !== '' && !NOT_A_REQUIREMENT.test(text);
}

/**
 * The requirement words of a pip call, or [] when `name args...` is not `pip install|wheel|download`;
 * words with `$VARIABLES` are included for the caller to substitute.
 * `name` is the command word (after `sudo`/`env`), `args` the words after it.
 */
export function pipRequirementWords(name: Word, args: readonly Word[]): Word[] {
  const rest = pipArguments(baseName(name.value), args);
  if (!rest) return [];
  const out: Word[] = [];
  for (let i = 0; i < rest.length; i++) {
    const v = rest[i]!.value;
    // `--opt=value` and `-rfile` carry their value; `-r file` takes the next word.
    if (v.startsWith('-')) {
      if (OPTIONS_WITH_VALUE.has(v)) i++;
      continue;
    }
    if (looksLikeRequirement(v.replace(/\$\{?\w+\}?/g, 'x'))) out.push(rest[i]!);
  }
  return out;
}

/** The words after the pip subcommand, when the call runs pip install/wheel/download. */
function pipArguments(name: string, args: readonly Word[]): readonly Word[] | undefined {
  let words = args;
  if (PYTHON.test(name)) {
    const m = words.findIndex((w, i) => w.value === '-m' && words[i + 1]?.value === 'pip');
    if (m < 0) return undefined;
    words = words.slice(m + 2);
  } else if (name === 'uv') {
    if (words[0]?.value !== 'pip') return undefined;
    words = words.slice(1);
  } else if (!PIP.test(name)) {
    return undefined;
  }
  for (let i = 0; i < words.length; i++) {
    const v = words[i]!.value;
    if (v.startsWith('-')) {
      if (OPTIONS_WITH_VALUE.has(v)) i++;
      continue;
    }
    return SUBCOMMANDS.has(v) ? words.slice(i + 1) : undefined;
  }
  return undefined;
}
