// Facts about the whole set of files in one scan (a local tree or a pull request's repository) that
// single-file analysis needs: which module names are the project's own, which packages it declares.

import { posix } from 'node:path';

export interface DeclaredPackage {
  path: string;
  line: number;
}

export class ProjectIndex {
  private readonly paths: Set<string>;
  /** Normalised (PEP 503) package name -> where it is declared. */
  readonly declaredPackages = new Map<string, DeclaredPackage>();
  /** Dependency manifests seen (requirements files, pyproject.toml...). */
  readonly manifests: string[] = [];

  /** Folders the scan started from (`''` is the repository root), `/`-separated. */
  private readonly roots: string[];

  constructor(paths: Iterable<string> = [], roots: readonly string[] = ['']) {
    this.paths = new Set(paths);
    this.roots = roots.length > 0 ? [...roots] : [''];
  }

  snapshot(): ProjectSnapshot {
    return { paths: [...this.paths], roots: [...this.roots], declared: [...this.declaredPackages], manifests: [...this.manifests] };
  }

  hasPath(path: string): boolean {
    return this.paths.has(path);
  }

  declarePackage(name: string, where: DeclaredPackage): void {
    const key = normalizePackageName(name);
    if (!this.declaredPackages.has(key)) this.declaredPackages.set(key, where);
  }

  isDeclared(name: string): boolean {
    return this.declaredPackages.has(normalizePackageName(name));
  }

  private hasModuleIn(dir: string, top: string): boolean {
    const base = dir ? `${dir}/` : '';
    return this.paths.has(`${base}${top}.py`) || this.paths.has(`${base}${top}/__init__.py`) || this.paths.has(`${base}${top}.pyi`);
  }

  /**
   * True when `import top` from `importer` would find a module of the project rather than the
   * standard library: a module beside the importer (script mode puts its folder first on sys.path),
   * at the root of the importer's package tree, at a scanned root, or under a scanned root's `src/`.
   */
  isLocalModule(importer: string, top: string): boolean {
    let dir = posix.dirname(importer);
    if (dir === '.') dir = '';
    if (this.hasModuleIn(dir, top)) return true;
    let root = dir;
    while (root && this.paths.has(`${root}/__init__.py`)) root = posix.dirname(root) === '.' ? '' : posix.dirname(root);
    if (this.hasModuleIn(root, top)) return true;
    return this.roots.some((r) => this.hasModuleIn(r, top) || this.hasModuleIn(r ? `${r}/src` : 'src', top));
  }
}

/** PEP 503 normalisation: case-insensitive, runs of `-`, `_`, `.` are one `-`. */
export function normalizePackageName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

/** What a worker thread needs to rebuild a ProjectIndex: plain, structured-cloneable data. */
export interface ProjectSnapshot {
  paths: string[];
  roots: string[];
  declared: [string, DeclaredPackage][];
  manifests: string[];
}

export function restoreProject(snapshot: ProjectSnapshot): ProjectIndex {
  const project = new ProjectIndex(snapshot.paths, snapshot.roots);
  for (const [name, where] of snapshot.declared) project.declaredPackages.set(name, where);
  project.manifests.push(...snapshot.manifests);
  return project;
}
