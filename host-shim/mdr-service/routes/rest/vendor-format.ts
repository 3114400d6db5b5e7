/**
 * The REST API speaks the vendor's vocabulary ("HIGH", "On hold", "True positive", snake_case
 * fields, times in ms); the database speaks codes. This module converts both ways, in one place.
 */
import { ValidationError } from '../../errors.ts';
import type {
  Asset,
  AssetStatus,
  Comment,
  Incident,
  IncidentPriority,
  IncidentResolution,
  IncidentStatus,
  ResponseRecord,
  ResponseStatus,
  ResponseType,
} from '../../db.ts';
import { RESPONSE_TYPES } from '../../db.ts';
import { markdownToHtml } from '../../services/markdown.ts';

const ASSET_STATUS: Record<AssetStatus, string> = { ok: 'OK', warning: 'WARNING', critical: 'CRITICAL', absent: 'ABSENT' };
const PRIORITY: Record<IncidentPriority, string> = { high: 'HIGH', medium: 'MEDIUM', low: 'LOW' };
const INCIDENT_STATUS: Record<IncidentStatus, string> = { open: 'Open', resolved: 'Resolved', onHold: 'On hold', closed: 'Closed' };
const RESOLUTION: Record<IncidentResolution, string> = {
  truePositive: 'True positive',
  falsePositive: 'False positive',
  notAffected: 'Not affected',
  duplicate: 'Duplicate',
};
const RESPONSE_STATUS: Record<ResponseStatus, string> = {
  waiting: 'Waiting',
  confirmed: 'Confirmed',
  declined: 'Declined',
  inProgress: 'In progress',
  completed: 'Completed',
  failed: 'Failed',
};

/** Case, spaces, dashes and underscores do not matter in enum input ("On hold" = "ON_HOLD" = "onHold"). */
function normalize(value: string): string {
  return value.toLowerCase().replace(/[\s_-]+/g, '');
}

function parser<T extends string>(labels: Record<T, string>): (values: readonly string[] | undefined, field: string) => T[] | undefined {
  const lookup = new Map<string, T>();
  for (const [code, label] of Object.entries(labels) as [T, string][]) {
    lookup.set(normalize(code), code);
    lookup.set(normalize(label), code);
  }
  return (values, field) =>
    values?.map((value) => {
      const code = lookup.get(normalize(value));
      if (!code) throw new ValidationError(field, `Unknown value "${value}" in ${field}`);
      return code;
    });
}

export const parseAssetStatuses = parser(ASSET_STATUS);
export const parsePriorities = parser(PRIORITY);
export const parseIncidentStatuses = parser(INCIDENT_STATUS);
export const parseResolutions = parser(RESOLUTION);
export const parseResponseStatuses = parser(RESPONSE_STATUS);
const knownResponseType = parser(Object.fromEntries(RESPONSE_TYPES.map((t) => [t, t])) as Record<ResponseType, string>);

/**
 * Response types of the `response_types` filter. The cloud knows more types than the SOC responses
 * stored here (the help's own example filters by "hash"); a well-formed name of a type this service
 * never stores is not an error, it simply matches no incident.
 */
export function parseResponseTypes(values: readonly string[] | undefined, field: string): string[] | undefined {
  return values?.map((value) => {
    try {
      return knownResponseType([value], field)![0]!;
    } catch (error) {
      if (!/^[A-Za-z][A-Za-z0-9 _-]{0,49}$/.test(value)) throw error;
      return normalize(value);
    }
  });
}

/** Parses "field:asc" / "field:desc" against the allowed fields (vendor name → our sort field). */
export function parseSort<F extends string>(value: string | undefined, allowed: Record<string, F>, fallback: { field: F; direction: 'asc' | 'desc' }): { field: F; direction: 'asc' | 'desc' } {
  if (value === undefined || value === '') return fallback;
  const match = /^([a-z_]+)(?::(asc|desc))?$/i.exec(value.trim());
  // Own keys only: `__proto__` or `constructor` must not reach the prototype's properties.
  const name = match?.[1]?.toLowerCase();
  const field = name !== undefined && Object.hasOwn(allowed, name) ? allowed[name] : undefined;
  if (!match || !field) throw new ValidationError('sort', `Sort by one of: ${Object.keys(allowed).join(', ')} (e.g. "${Object.keys(allowed)[0]}:asc")`);
  return { field, direction: (match[2]?.toLowerCase() as 'asc' | 'desc' | undefined) ?? 'asc' };
}

/** camelCase keys → snake_case, deeply (response parameters are stored camelCase). */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeKeys(inner)]));
}

export function assetToVendor(asset: Asset, tenantNames: ReadonlyMap<string, string>): Record<string, unknown> {
  return {
    asset_id: asset.id,
    tenant_name: asset.tenantId ? (tenantNames.get(asset.tenantId) ?? null) : null,
    host_name: asset.hostName,
    domain: asset.domain,
    os_version: asset.osVersion,
    network_interfaces: asset.networkInterfaces,
    installed_product_info: asset.installedProducts,
    first_seen: asset.firstSeen,
    last_seen: asset.lastSeen,
    status: ASSET_STATUS[asset.status],
    problems: asset.problems72h.map((p) => ({ code: p.code, detected_at: p.detectedAt, ...(p.component ? { component: p.component } : {}) })),
    has_telemetry_loss: asset.telemetryLoss,
    is_isolated: asset.isolated,
  };
}

export function incidentToVendor(
  incident: Incident,
  tenantNames: ReadonlyMap<string, string>,
  hostNames: ReadonlyMap<string, string>,
  markdownToHtmlWanted: boolean,
): Record<string, unknown> {
  return {
    incident_id: incident.id,
    number: incident.number,
    tenant_name: incident.tenantId ? (tenantNames.get(incident.tenantId) ?? null) : null,
    summary: incident.summary,
    description: markdownToHtmlWanted ? markdownToHtml(incident.description) : incident.description,
    priority: PRIORITY[incident.priority],
    status: INCIDENT_STATUS[incident.status],
    resolution: incident.resolution ? RESOLUTION[incident.resolution] : null,
    creation_time: incident.created,
    update_time: incident.updated,
    mitre_tactics: incident.mitreTactics,
    mitre_techniques: incident.mitreTechniques,
    detection_technology: incident.detectionTechnology,
    affected_hosts: incident.affectedAssetIds.map((id) => `${hostNames.get(id) ?? ''}:${id}`),
    asset_iocs: snakeKeys(incident.assetIocs),
    network_iocs: incident.networkIocs,
    is_custom: incident.isCustom,
  };
}

export function responseToVendor(response: ResponseRecord, hostNames: ReadonlyMap<string, string>): Record<string, unknown> {
  return {
    response_id: response.id,
    incident_id: response.incidentId,
    asset_id: response.assetId,
    host_name: hostNames.get(response.assetId) ?? null,
    type: response.type,
    parameters: snakeKeys(response.parameters),
    status: RESPONSE_STATUS[response.status],
    comment: response.comment,
    changed_by: response.changedBy,
    creation_time: response.created,
    update_time: response.updated,
  };
}

export function commentToVendor(comment: Comment, markdownToHtmlWanted: boolean): Record<string, unknown> {
  return {
    comment_id: comment.id,
    author_name: comment.authorName,
    text: markdownToHtmlWanted ? markdownToHtml(comment.text) : comment.text,
    creation_time: comment.created,
  };
}

/** Shared JSON-Schema fragments of request bodies. */
export const schemaParts = {
  time: { type: 'integer', minimum: 0 },
  page: { type: 'integer', minimum: 1, default: 1 },
  pageSize: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  strings: { type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 1000 },
  id: { type: 'string', minLength: 1, maxLength: 100 },
  /** "Solution version" of the asset calls: 1 and 2 are known; both answer in the same format here. */
  version: { type: 'integer', enum: [1, 2] },
} as const;
