import type { IncomingMessage } from 'node:http';
import type { FaultSpec, ScoreFn } from './types.js';
import type { Obj } from './values.js';

/** The emulator's internal records of the resources it holds, and the request/reply shapes its routes share. */

export interface SystemData {
  createdAt: string;
  createdBy: string;
  createdByType: string;
  lastModifiedAt: string;
  lastModifiedBy: string;
  lastModifiedByType: string;
}

export interface AssetVersion {
  version: string;
  properties: Obj;
  systemData: SystemData;
  seq: number;
}

export interface AssetContainer {
  name: string;
  properties: Obj;
  systemData: SystemData;
  versions: Map<string, AssetVersion>;
}

export interface Operation {
  id: string;
  kind: 'Create' | 'Update' | 'Delete';
  target: string;
  ws: Workspace;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  polls: number;
  startedAt: number;
  endedAt?: number;
  error?: { code: string; message: string };
  /** Applies the outcome; returns an error to end `Failed`. */
  finish: () => Promise<{ code: string; message: string } | undefined>;
  completing?: Promise<void>;
  /** Resource URL for the `Location` result (PATCH/DELETE). */
  resourcePath: string;
  exists: () => boolean;
  resource: () => Obj | undefined;
}

export interface Deployment {
  name: string;
  /** Canonical wire body (location, tags, identity, kind, sku, properties) without read-only fields. */
  body: Obj;
  provisioningState: string;
  systemData: SystemData;
  op?: Operation;
  error?: { code: string; message: string };
  handler?: ScoreFn;
  /** A failed rolling update: the instances not yet replaced still serve the previous version. */
  servesPrevious?: boolean;
  logs: string[];
}

export interface Endpoint {
  name: string;
  body: Obj;
  provisioningState: string;
  systemData: SystemData;
  keys: { primaryKey: string; secondaryKey: string };
  principalId?: string;
  servingTraffic: Record<string, number>;
  deployments: Map<string, Deployment>;
  op?: Operation;
  /** Entity tag of the endpoint: a new value on every accepted PUT or PATCH (see `preconditions`). */
  etag: string;
}

export interface Workspace {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  computes?: string[];
  workspaceId: string;
  systemData: SystemData;
  data: Map<string, AssetContainer>;
  models: Map<string, AssetContainer>;
  environments: Map<string, AssetContainer>;
  endpoints: Map<string, Endpoint>;
}

export interface RoleAssignment {
  id: string;
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType?: string;
  createdOn: string;
}

export interface KeyVault {
  id: string;
  name: string;
  location: string;
  rbac: boolean;
  accessPolicies: Obj[];
}

export interface Fault extends FaultSpec {
  fired: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Ctx {
  req: IncomingMessage;
  method: string;
  path: string;
  url: URL;
  query: Record<string, string>;
  body: unknown;
  rawBody: string;
}
