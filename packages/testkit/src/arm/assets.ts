import { notAllowed, notFound, unknownRoute, userError } from './arm-errors.js';
import { ML } from './constants.js';
import type { AssetContainer, AssetVersion, Ctx, Reply, Workspace } from './emulator-types.js';
import { checkName, q, requireBody, validated, type RequestHelpers } from './request-helpers.js';
import type { EmulatorStore } from './store.js';
import { obj, strDict, type Obj } from './values.js';

/** Data, model and environment assets: containers and their versions. */

export interface AssetKind {
  key: 'data' | 'models' | 'environments';
  label: string;
  container: string;
  version: string;
  /** Properties of a version that can't change once created. */
  immutable: string[];
  /** Query parameter of the tag filter in list calls. */
  tagsParam: string;
}

export const ASSETS: Record<string, AssetKind> = {
  data: {
    key: 'data',
    label: 'Data',
    container: 'DataContainer',
    version: 'DataVersionBase',
    immutable: ['dataType', 'dataUri'],
    tagsParam: '$tags'
  },
  models: {
    key: 'models',
    label: 'Model',
    container: 'ModelContainer',
    version: 'ModelVersion',
    immutable: ['modelType', 'modelUri', 'flavors', 'jobName'],
    tagsParam: 'tags'
  },
  environments: {
    key: 'environments',
    label: 'Environment',
    container: 'EnvironmentContainer',
    version: 'EnvironmentVersion',
    immutable: ['image', 'build', 'condaFile', 'inferenceConfig', 'osType'],
    tagsParam: '$tags'
  }
};

/** Whether an asset with these properties is listed under `listViewType` (lower-cased). */
const inView = (view: string, properties: Obj) =>
  view === 'all' || (view === 'archivedonly') === Boolean(properties.isArchived);

export function createAssetRoutes(s: EmulatorStore, h: RequestHelpers) {
  const { wsId, systemData } = s;
  const { page } = h;
  const containerResource = (ws: Workspace, kind: AssetKind, c: AssetContainer): Obj => {
    const versions = [...c.versions.values()].sort((a, b) => a.seq - b.seq);
    const numeric = versions.map((v) => Number(v.version)).filter((n) => Number.isInteger(n) && n >= 0);
    return {
      id: `${wsId(ws)}/${kind.key}/${c.name}`,
      name: c.name,
      type: `${ML}/workspaces/${kind.key}`,
      systemData: c.systemData,
      properties: {
        ...c.properties,
        latestVersion: versions.length ? versions[versions.length - 1].version : null,
        nextVersion: String(numeric.length ? Math.max(...numeric) + 1 : 1)
      }
    };
  };
  const versionResource = (ws: Workspace, kind: AssetKind, c: AssetContainer, v: AssetVersion): Obj => ({
    id: `${wsId(ws)}/${kind.key}/${c.name}/versions/${v.version}`,
    name: v.version,
    type: `${ML}/workspaces/${kind.key}/versions`,
    systemData: v.systemData,
    properties: {
      ...v.properties,
      ...(kind.key === 'environments' ? { environmentType: 'UserCreated' } : {})
    }
  });

  const tagFilter = (spec: string | undefined) =>
    (spec ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const i = s.indexOf('=');
        return i < 0 ? { k: s } : { k: s.slice(0, i), v: s.slice(i + 1) };
      });
  const matchesTags = (tags: Record<string, string>, filter: { k: string; v?: string }[]) =>
    filter.every((f) => (f.v === undefined ? f.k in tags : tags[f.k] === f.v));

  const handleAssets = async (ctx: Ctx, ws: Workspace, kind: AssetKind, rest: string[]): Promise<Reply> => {
    const store = ws[kind.key];
    const [name, versionsSeg, version, extra] = rest;
    if (extra !== undefined || (versionsSeg !== undefined && versionsSeg.toLowerCase() !== 'versions')) {
      throw unknownRoute(ctx);
    }
    const m = ctx.method;
    // containers
    if (name === undefined) {
      if (m !== 'GET') throw notAllowed(ctx);
      const view = (q(ctx, 'listViewType') ?? 'ActiveOnly').toLowerCase();
      const items = [...store.values()]
        .filter((c) => inView(view, c.properties))
        .map((c) => containerResource(ws, kind, c));
      return page(ctx, items);
    }
    if (versionsSeg === undefined) {
      const c = store.get(name);
      if (m === 'GET') {
        if (!c) throw notFound(`${kind.label} container`, name, ws);
        return { status: 200, body: containerResource(ws, kind, c) };
      }
      if (m === 'PUT') {
        checkName(kind.label, name);
        const body = validated(kind.container, requireBody(ctx));
        const props = obj(body.properties);
        if (c) {
          c.properties = props;
          c.systemData = systemData(c.systemData);
          return { status: 200, body: containerResource(ws, kind, c) };
        }
        const created: AssetContainer = {
          name,
          properties: props,
          systemData: systemData(),
          versions: new Map()
        };
        store.set(name, created);
        return { status: 201, body: containerResource(ws, kind, created) };
      }
      if (m === 'DELETE') {
        if (!c) return { status: 204 };
        store.delete(name);
        return { status: 200 };
      }
      throw notAllowed(ctx);
    }
    // versions
    const c = store.get(name);
    if (version === undefined) {
      if (m !== 'GET') throw notAllowed(ctx);
      if (!c) throw notFound(`${kind.label} container`, name, ws);
      let list = [...c.versions.values()];
      const view = (q(ctx, 'listViewType') ?? 'ActiveOnly').toLowerCase();
      list = list.filter((v) => inView(view, v.properties));
      const tags = tagFilter(q(ctx, kind.tagsParam) ?? q(ctx, kind.tagsParam === 'tags' ? '$tags' : 'tags'));
      list = list.filter((v) => matchesTags(strDict(v.properties.tags), tags));
      const propsFilter = tagFilter(q(ctx, 'properties'));
      list = list.filter((v) => matchesTags(strDict(v.properties.properties), propsFilter));
      const vf = q(ctx, 'version');
      if (vf !== undefined) list = list.filter((v) => v.version === vf);
      const df = q(ctx, 'description');
      if (df !== undefined) list = list.filter((v) => v.properties.description === df);
      list.sort((a, b) => a.seq - b.seq);
      const orderBy = q(ctx, '$orderBy');
      if (orderBy) {
        const [field, dirRaw] = orderBy.trim().split(/\s+/);
        const dir = (dirRaw ?? 'asc').toLowerCase();
        if (dir !== 'asc' && dir !== 'desc') throw userError(`Invalid $orderBy direction '${dirRaw}'.`);
        const f = field.toLowerCase();
        let cmp: (a: AssetVersion, b: AssetVersion) => number;
        if (f === 'createdtime' || f === 'createdat') cmp = (a, b) => a.seq - b.seq;
        else if (f === 'modifiedtime' || f === 'lastmodifiedat')
          cmp = (a, b) =>
            a.systemData.lastModifiedAt.localeCompare(b.systemData.lastModifiedAt) || a.seq - b.seq;
        else if (f === 'version' || f === 'name')
          cmp = (a, b) => {
            const na = Number(a.version);
            const nb = Number(b.version);
            return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a.version.localeCompare(b.version);
          };
        else
          throw userError(
            `$orderBy field '${field}' is not supported; use createdtime, modifiedtime or version.`
          );
        list.sort(cmp);
        if (dir === 'desc') list.reverse();
      }
      const offset = Number(q(ctx, 'offset') ?? '0') || 0;
      if (offset) list = list.slice(offset);
      return page(
        ctx,
        list.map((v) => versionResource(ws, kind, c, v))
      );
    }
    const v = c?.versions.get(version);
    if (m === 'GET') {
      if (!c || !v) throw notFound(`${kind.label} version`, `${name}:${version}`, ws);
      return { status: 200, body: versionResource(ws, kind, c, v) };
    }
    if (m === 'PUT') {
      checkName(kind.label, name);
      if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/.test(version)) {
        throw userError(
          `${kind.label} version '${version}' is invalid: use letters, digits, '.', '-' and '_'.`
        );
      }
      const body = validated(kind.version, requireBody(ctx));
      const props = obj(body.properties);
      if (c && v) {
        const changed = kind.immutable.filter(
          (k) => JSON.stringify(props[k] ?? null) !== JSON.stringify(v.properties[k] ?? null)
        );
        if (
          changed.length ||
          JSON.stringify(props.properties ?? {}) !== JSON.stringify(v.properties.properties ?? {})
        ) {
          throw userError(
            `A ${kind.label.toLowerCase()} version with this name and version already exists. If you are trying to create a new ${kind.label.toLowerCase()} version, use a different name or version. If you are trying to update an existing one, only tags, description and isArchived can be updated (changed: ${[...changed, ...(JSON.stringify(props.properties ?? {}) !== JSON.stringify(v.properties.properties ?? {}) ? ['properties'] : [])].join(', ')}).`,
            400
          );
        }
        for (const k of ['tags', 'description', 'isArchived']) {
          if (props[k] === undefined) delete v.properties[k];
          else v.properties[k] = props[k];
        }
        v.systemData = systemData(v.systemData);
        return { status: 200, body: versionResource(ws, kind, c, v) };
      }
      let container = c;
      if (!container) {
        container = {
          name,
          properties: {
            ...(kind.key === 'data' ? { dataType: props.dataType } : {}),
            isArchived: false,
            tags: {},
            properties: {}
          },
          systemData: systemData(),
          versions: new Map()
        };
        store.set(name, container);
      }
      const created: AssetVersion = {
        version,
        properties: props,
        systemData: systemData(),
        seq: s.nextSeq()
      };
      container.versions.set(version, created);
      return { status: 201, body: versionResource(ws, kind, container, created) };
    }
    if (m === 'DELETE') {
      if (!c || !v) return { status: 204 };
      c.versions.delete(version);
      return { status: 200 };
    }
    throw notAllowed(ctx);
  };

  return { handleAssets };
}
