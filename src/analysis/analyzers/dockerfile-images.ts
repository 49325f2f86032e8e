// Base images of a Dockerfile: `FROM` arguments with ARG defaults substituted, parsed as Docker image
// references, and recognised as one of the image families that a rule pack describes (Docker's
// python image, AWS Lambda's and Azure Functions' Python images) with the Python version of the tag.

import { lazy } from '../../lazy.js';
import { compareVersions, type PythonVersion } from '../versions.js';

const dockerReference = lazy<typeof import('@swimlane/docker-reference')>('@swimlane/docker-reference');

/** An image family as a rule pack writes it (`match.base_image.families[]`). */
export interface ImageFamily {
  name: string;
  /** Fully qualified repositories: `docker.io/library/python`, `public.ecr.aws/lambda/python`. */
  repositories: string[];
  /** Also the same path on any other registry (a mirror such as `registry:5000/python`). */
  any_registry?: boolean;
  /** Regular expression over the tag, with the groups `version`, `major` and (when pinned) `minor`. */
  version: string;
  /** What a tag that names no version (`latest`, `slim`) resolves to. */
  floating: string;
  /** What a tag that names only the major version (`3`, `3-slim`) resolves to; `{major}` is replaced. */
  floating_major?: string;
  /** The tag part that names Python `{target}` (`{target}`, `4-python{target}`): it replaces the version in a tag. */
  default_tag: string;
  /** A tag without a version names a variant (`slim`, `bookworm`): the pinned tag is `{target}-<tag>`. */
  variant_tags?: boolean;
}

/** Where a piece of the Dockerfile is, 1-based, end exclusive. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One `FROM` image after ARG substitution. */
export interface BaseImage {
  /** The reference after substitution, as written (`python:3.11-slim`). */
  text: string;
  /** The name as written, without tag or digest (`localhost:5000/python`). */
  name: string;
  /** Registry host and repository path, normalised (`docker.io`, `library/python`). */
  domain: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** ARGs whose values were substituted, with the line of the ARG that set each. */
  args: { name: string; line: number }[];
  span: Span;
}

/** A base image recognised as one of the families, with the Python version its tag names. */
export interface FamilyImage {
  family: ImageFamily;
  image: BaseImage;
  /** Undefined when the tag names no minor version (floating) or there is no tag (digest only or latest). */
  version?: PythonVersion;
  /** The major version of a tag that names only that (`3-slim`). */
  major?: number;
  /** Index range of the version text in the tag, when there is one. */
  versionRange?: [number, number];
}

export interface ArgValue {
  /** Undefined for `ARG NAME` without a default. */
  value: string | undefined;
  line: number;
}

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Substitutes `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}` and `${NAME+alt}`
 * with ARG values, as Docker does for FROM. Returns undefined when a variable has no value to use.
 */
export function substituteArgs(text: string, args: ReadonlyMap<string, ArgValue>, used: { name: string; line: number }[] = []): string | undefined {
  let unresolved = false;
  const out = text.replace(VARIABLE, (_whole, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const arg = args.get(name);
    const value = arg?.value;
    const set = value !== undefined && (op?.startsWith(':') ? value !== '' : true);
    if (arg && value !== undefined) used.push({ name, line: arg.line });
    if (op === ':-' || op === '-') {
      if (set) return value!;
      const inner = substituteArgs(word ?? '', args, used);
      if (inner === undefined) unresolved = true;
      return inner ?? '';
    }
    if (op === ':+' || op === '+') {
      if (!set) return '';
      const inner = substituteArgs(word ?? '', args, used);
      if (inner === undefined) unresolved = true;
      return inner ?? '';
    }
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : out;
}

/**
 * Docker's reference grammar with every nested quantifier unrolled (`[a-z0-9]+(?:-+[a-z0-9]+)*` for
 * `[a-z0-9]+(?:[-]*[a-z0-9]+)*`). @swimlane/docker-reference's own pattern backtracks exponentially on a
 * near-miss (`FROM aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/` never returned), so it only sees text this accepts.
 */
const DOMAIN_PART = '[a-zA-Z0-9]+(?:-+[a-zA-Z0-9]+)*';
const PATH_PART = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REFERENCE = new RegExp(
  `^(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*(?::[0-9]+)?/)?${PATH_PART}(?:/${PATH_PART})*`
  + '(?::\\w[\\w.-]{0,127})?(?:@[a-zA-Z][a-zA-Z0-9]*(?:[-_+.][a-zA-Z][a-zA-Z0-9]*)*:[a-fA-F0-9]{32,})?$',
);

/** Parses an image reference as Docker does; undefined when it is not a valid reference. */
export function parseImage(text: string, span: Span, args: BaseImage['args'] = []): BaseImage | undefined {
  if (text.length > 512 || !REFERENCE.test(text)) return undefined;
  let ref;
  try {
    ref = dockerReference().parseFamiliarName(text);
  } catch {
    return undefined;
  }
  // The name ends at a digest's `@` or at the tag's `:` (the first one after the last `/`).
  const at = text.indexOf('@');
  const colon = text.indexOf(':', text.lastIndexOf('/') + 1);
  const cut = at < 0 ? colon : colon < 0 ? at : Math.min(at, colon);
  return {
    text,
    name: cut < 0 ? text : text.slice(0, cut),
    domain: ref.domain ?? 'docker.io',
    repository: ref.repository ?? '',
    ...(ref.tag !== undefined ? { tag: ref.tag } : {}),
    ...(ref.digest !== undefined ? { digest: ref.digest } : {}),
    args,
    span,
  };
}

function familyMatches(family: ImageFamily, image: BaseImage): boolean {
  const full = `${image.domain}/${image.repository}`;
  if (family.repositories.includes(full)) return true;
  if (!family.any_registry) return false;
  return family.repositories.some((r) => {
    const path = r.slice(r.indexOf('/') + 1);
    return image.repository === path || image.repository === path.replace(/^library\//, '');
  });
}

const versionPatterns = new Map<string, RegExp>();
function versionPattern(source: string): RegExp {
  let re = versionPatterns.get(source);
  if (!re) {
    re = new RegExp(source, 'd');
    versionPatterns.set(source, re);
  }
  return re;
}

/** The first family the image belongs to, with the Python version its tag names. */
export function recogniseImage(image: BaseImage, families: readonly ImageFamily[]): FamilyImage | undefined {
  const family = families.find((f) => familyMatches(f, image));
  if (!family) return undefined;
  if (image.tag === undefined) return { family, image };
  const m = versionPattern(family.version).exec(image.tag);
  const minor = m?.groups?.minor;
  if (!m || minor === undefined) return { family, image, ...(m?.groups?.major ? { major: Number(m.groups.major) } : {}) };
  const range = m.indices?.groups?.version;
  return {
    family,
    image,
    version: [Number(m.groups!.major), Number(minor)],
    ...(range ? { versionRange: range } : {}),
  };
}

/** What a floating tag resolves to, in the family's words. */
export function floatingMeaning(found: FamilyImage): string {
  const { family } = found;
  if (found.major !== undefined && family.floating_major) return family.floating_major.replace('{major}', String(found.major));
  return family.floating;
}

/** Whether the image is pinned to a Python older than `target`. */
export function isBelow(found: FamilyImage, target: PythonVersion): boolean {
  return found.version !== undefined && compareVersions(found.version, target) < 0;
}

/**
 * The reference to use for `target`: the same name (registry or mirror kept), the version in the tag
 * replaced by the family's tag for the target (variant suffixes kept), or that tag alone when the tag
 * names no version; any digest is dropped because it pins the old image.
 */
export function imageForTarget(found: FamilyImage, target: string): string {
  const { image, family } = found;
  const pinned = family.default_tag.replace('{target}', target);
  const tag = image.tag;
  let range = found.versionRange;
  if (!range && tag !== undefined) range = versionPattern(family.version).exec(tag)?.indices?.groups?.version;
  let next: string;
  if (tag !== undefined && range) next = tag.slice(0, range[0]) + pinned + tag.slice(range[1]);
  else if (tag !== undefined && tag !== 'latest' && family.variant_tags) next = `${pinned}-${tag}`;
  else next = pinned;
  return `${image.name}:${next}`;
}
