/**
 * The local registry: data and flow versions as folders under `<root>/.genaiops/registry/`.
 *
 *   data/<name>/<version>/<file>      a copy of the registered file
 *   data/<name>/<version>/meta.json   { name, version, hash, tags, description, file, createdAt }
 *   flows/<name>/<version>/flow/      a copy of the flow snapshot
 *   flows/<name>/<version>/meta.json  { name, version, hash, tags, properties, description, createdAt }
 *
 * A version number is claimed by creating its folder with `mkdir` (atomic: one process wins; the
 * loser takes the next number), and a version exists for readers once its meta.json is written
 * (last, by rename), so concurrent registrations never collide and never see half a version.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import {
  HASH_TAG,
  type CreateDataVersion,
  type CreateFlowVersion,
  type CreatedVersion,
  type RegistryTarget,
  type VersionInfo
} from '../stages/target-contract.js';
import { readJson, writeJsonAtomic } from './fs-util.js';

export const REGISTRY_DIR = path.join('.genaiops', 'registry');
const META = 'meta.json';
const MAX_ATTEMPTS = 1000;

export interface VersionMeta {
  name: string;
  version: string;
  hash: string;
  description?: string;
  tags: Record<string, string>;
  properties?: Record<string, string>;
  /** Data: the file's name inside the version folder. */
  file?: string;
  createdAt: string;
}

type Kind = 'data' | 'flows';

/** Names become folder names: refuse what could escape or clash on a case-insensitive disk. */
function checkName(name: string, what: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/.test(name) || name.includes('..'))
    throw new UserError(
      `${what} name "${name}": use letters, digits, '_', '-' and '.' (starting with a letter or digit)`
    );
}

export class LocalRegistry implements RegistryTarget {
  readonly dir: string;
  constructor(root: string) {
    this.dir = path.join(path.resolve(root), REGISTRY_DIR);
  }

  /** Folder of one version. */
  versionDir(kind: Kind, name: string, version: string): string {
    return path.join(this.dir, kind, name, version);
  }

  /** Folder holding a registered flow version's files. */
  flowDir(name: string, version: string): string {
    return path.join(this.versionDir('flows', name, version), 'flow');
  }

  /** Every complete version, oldest first. */
  list(kind: Kind, name: string): VersionMeta[] {
    const base = path.join(this.dir, kind, name);
    let entries: string[];
    try {
      entries = readdirSync(base);
    } catch {
      return [];
    }
    const out: VersionMeta[] = [];
    for (const v of entries.filter((e) => /^\d+$/.test(e)).sort((a, b) => Number(a) - Number(b))) {
      const meta = readJson<VersionMeta>(path.join(base, v, META));
      if (meta) out.push(meta);
    }
    return out;
  }

  /** Registered names of a kind. */
  names(kind: Kind): string[] {
    try {
      return readdirSync(path.join(this.dir, kind)).sort();
    } catch {
      return [];
    }
  }

  private info(meta: VersionMeta | undefined, kind: Kind): VersionInfo | undefined {
    if (!meta) return undefined;
    return {
      version: meta.version,
      hash: meta.hash,
      tags: meta.tags,
      location:
        kind === 'flows'
          ? this.flowDir(meta.name, meta.version)
          : path.join(this.versionDir(kind, meta.name, meta.version), meta.file ?? '')
    };
  }

  private latest(kind: Kind, name: string): VersionInfo | undefined {
    checkName(name, kind === 'data' ? 'data asset' : 'flow');
    return this.info(this.list(kind, name).at(-1), kind);
  }

  /**
   * Claims the next free version number with `mkdir` (EEXIST: someone else has it, try the next),
   * lets `fill` write the content, then publishes meta.json.
   */
  private claim(
    kind: Kind,
    name: string,
    fill: (dir: string) => Omit<VersionMeta, 'name' | 'version' | 'createdAt'>
  ): CreatedVersion {
    checkName(name, kind === 'data' ? 'data asset' : 'flow');
    const base = path.join(this.dir, kind, name);
    mkdirSync(base, { recursive: true });
    const highest = () =>
      readdirSync(base)
        .filter((e) => /^\d+$/.test(e))
        .reduce((m, e) => Math.max(m, Number(e)), 0);
    let next = highest() + 1;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const version = String(next);
      const dir = path.join(base, version);
      try {
        mkdirSync(dir);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        next = Math.max(next + 1, highest() + 1);
        continue;
      }
      const meta: VersionMeta = { name, version, createdAt: new Date().toISOString(), ...fill(dir) };
      writeJsonAtomic(path.join(dir, META), meta);
      return { version, created: true };
    }
    throw new Error(`could not claim a version number for ${kind}/${name} after ${MAX_ATTEMPTS} attempts`);
  }

  async latestDataVersion(name: string): Promise<VersionInfo | undefined> {
    return this.latest('data', name);
  }

  async createDataVersion(d: CreateDataVersion): Promise<CreatedVersion> {
    return this.claim('data', d.name, (dir) => {
      const file = path.basename(d.file);
      copyFileSync(d.file, path.join(dir, file));
      return { hash: d.hash, description: d.description, tags: { ...d.tags, [HASH_TAG]: d.hash }, file };
    });
  }

  async latestFlowVersion(name: string): Promise<VersionInfo | undefined> {
    return this.latest('flows', name);
  }

  async createFlowVersion(f: CreateFlowVersion): Promise<CreatedVersion> {
    return this.claim('flows', f.name, (dir) => {
      const target = path.join(dir, 'flow');
      for (const file of f.files) {
        const dest = path.join(target, ...file.rel.split('/'));
        mkdirSync(path.dirname(dest), { recursive: true });
        copyFileSync(file.abs, dest);
      }
      return {
        hash: f.hash,
        description: f.description,
        tags: { ...f.tags, [HASH_TAG]: f.hash },
        properties: f.properties
      };
    });
  }

  async getFlowVersion(name: string, version: string): Promise<VersionInfo | undefined> {
    checkName(name, 'flow');
    if (!/^\d+$/.test(version)) return undefined;
    return this.info(
      readJson<VersionMeta>(path.join(this.versionDir('flows', name, version), META)),
      'flows'
    );
  }
}
