/**
 * Domain types of the MDR service database. Times are milliseconds since the Unix epoch (UTC);
 * JSON columns surface as typed objects. Names are camelCase here; the REST layer converts to the
 * vendor's snake_case.
 */

import type { RegionCode, TelemetryLocation } from '../../../contract/activation.ts';

// Regions and where each stores telemetry are the contract's: the plug-in offers the same.
export { REGION_CODES, telemetryLocationOf, type RegionCode, type TelemetryLocation } from '../../../contract/activation.ts';

export type ActivationState = 'active' | 'notActivated';
export type LicenseTier = 'optimum' | 'expert' | 'advanced' | 'prime';
export type LicenseStatus = 'active' | 'expired' | 'blocked' | 'deleted' | 'inactive' | 'removed';

export const LICENSE_TIERS: readonly LicenseTier[] = ['optimum', 'expert', 'advanced', 'prime'];

/**
 * Which tenants a caller may reach: `null` = every tenant and the root; otherwise the listed tenant
 * ids, where the literal `'root'` stands for assets/incidents not assigned to any tenant.
 */
export type TenantScope = readonly string[] | null;

/** The literal used in tenant lists for "no tenant" (the organization's root). */
export const ROOT_TENANT = 'root';

export interface Organization {
  name: string;
  activationState: ActivationState;
  activatedOn: number | null;
  regionCode: RegionCode | null;
  telemetryLocation: TelemetryLocation | null;
  termsAcceptedOn: number | null;
  ksnStatementAcceptedOn: number | null;
  installedKsnVersion: string | null;
  tier: LicenseTier | null;
  /** Tenants this Administration Server may reach (may contain 'root'); null = all. */
  consoleTenantScope: string[] | null;
  version: number;
  updatedOn: number;
}

export interface KsnConfigVersion {
  version: string;
  publishedOn: number;
  notes: string;
}

export interface License {
  id: string;
  /** 20 upper-case letters and digits. */
  activationCode: string;
  tier: LicenseTier;
  assetLimit: number;
  activationDate: number;
  expirationDate: number;
  /** Stored status; use {@link effectiveLicenseStatus} for what users see. */
  status: LicenseStatus;
  /** Custom incidents per period (week) under the SLA; null = tier does not allow custom incidents. */
  customIncidentsPerPeriod: number | null;
  regionCode: RegionCode;
  addedOn: number;
  removedOn: number | null;
  version: number;
}

/** An 'active' license past its expiration date is expired; every other status is shown as stored. */
export function effectiveLicenseStatus(license: Pick<License, 'status' | 'expirationDate'>, now: number): LicenseStatus {
  return license.status === 'active' && license.expirationDate <= now ? 'expired' : license.status;
}

export interface Tenant {
  id: string;
  name: string;
  description: string;
  /** The administrator's toggle; see {@link isTenantEffectivelyActive}. */
  active: boolean;
  autoAccept: boolean;
  createdOn: number;
  /** Latest expiration among the configuration files (null when it has none). */
  expiration: number | null;
  version: number;
}

/** A tenant whose lifetime has ended becomes inactive by itself. */
export function isTenantEffectivelyActive(tenant: Pick<Tenant, 'active' | 'expiration'>, now: number): boolean {
  return tenant.active && (tenant.expiration === null || tenant.expiration > now);
}

export interface TenantConfigFile {
  id: string;
  tenantId: string;
  licenseId: string;
  expirationDate: number;
  createdOn: number;
}

export type AssetStatus = 'ok' | 'warning' | 'critical' | 'absent';
export const ASSET_STATUSES: readonly AssetStatus[] = ['ok', 'warning', 'critical', 'absent'];

export interface NetworkInterface {
  ip: string;
  mac?: string;
}

export interface InstalledProduct {
  name: string;
  version: string;
}

/** A problem seen on an asset in the last 72 hours; `code` is localized by the UI. */
export interface AssetProblem {
  code: string;
  detectedAt: number;
  component?: string;
}

export interface Asset {
  id: string;
  tenantId: string | null;
  licenseId: string | null;
  hostName: string;
  domain: string;
  osVersion: string;
  networkInterfaces: NetworkInterface[];
  installedProducts: InstalledProduct[];
  firstSeen: number;
  lastSeen: number;
  status: AssetStatus;
  problems72h: AssetProblem[];
  telemetryLoss: boolean;
  isolated: boolean;
}

export type IncidentPriority = 'high' | 'medium' | 'low';
export type IncidentStatus = 'open' | 'resolved' | 'onHold' | 'closed';
export type IncidentResolution = 'truePositive' | 'falsePositive' | 'notAffected' | 'duplicate';
export const INCIDENT_PRIORITIES: readonly IncidentPriority[] = ['high', 'medium', 'low'];
export const INCIDENT_STATUSES: readonly IncidentStatus[] = ['open', 'resolved', 'onHold', 'closed'];

export interface MitreEntry {
  id: string;
  name: string;
}

export interface AssetIoc {
  type: 'md5' | 'sha256' | 'filePath' | 'registryKey' | 'processName' | 'commandLine';
  value: string;
  assetId?: string;
}

export interface NetworkIoc {
  type: 'ipv4' | 'ipv6' | 'domain' | 'url';
  value: string;
}

export interface Incident {
  id: string;
  number: number;
  tenantId: string | null;
  summary: string;
  /** Markdown. */
  description: string;
  priority: IncidentPriority;
  status: IncidentStatus;
  resolution: IncidentResolution | null;
  mitreTactics: MitreEntry[];
  mitreTechniques: MitreEntry[];
  detectionTechnology: string;
  assetIocs: AssetIoc[];
  networkIocs: NetworkIoc[];
  isCustom: boolean;
  created: number;
  updated: number;
  version: number;
  affectedAssetIds: string[];
}

export type ResponseType =
  | 'get_file'
  | 'isolate'
  | 'disable_isolation'
  | 'delete_registry_key'
  | 'memory_dump'
  | 'terminate_process'
  | 'run_script'
  | 'quarantine_file'
  | 'restore_file';
export const RESPONSE_TYPES: readonly ResponseType[] = [
  'get_file',
  'isolate',
  'disable_isolation',
  'delete_registry_key',
  'memory_dump',
  'terminate_process',
  'run_script',
  'quarantine_file',
  'restore_file',
];

/** `waiting` = awaiting the client's decision (accept or reject). */
export type ResponseStatus = 'waiting' | 'confirmed' | 'declined' | 'inProgress' | 'completed' | 'failed';
export const RESPONSE_STATUSES: readonly ResponseStatus[] = ['waiting', 'confirmed', 'declined', 'inProgress', 'completed', 'failed'];

/** Version 1: PBKDF2-HMAC-SHA256, 10,000 iterations, 32-byte derived key; salt and key in hex. */
export interface IsolationPassword {
  version: 1;
  password: string;
  salt: string;
  derivedKey: string;
}

export interface PortRange {
  from: number;
  to: number;
}

export interface IsolationExclusionRule {
  direction: 'Inbound' | 'Outbound' | 'Both';
  /** IANA protocol number (6 TCP, 17 UDP, ...). */
  protocol?: number;
  remotePorts?: PortRange;
  remoteIpv4?: string;
  remoteIpv6?: string;
  localPorts?: PortRange;
  localIpv4?: string;
  localIpv6?: string;
  image?: { path: string };
}

export interface ProcessImage {
  path: string;
  sha256?: string;
  md5?: string;
}

export interface ResponseParametersByType {
  get_file: { path: string; maxFileSizeMb: number };
  isolate: { password: IsolationPassword; taskId: string; termSeconds: number; exclusionRules: IsolationExclusionRule[] };
  disable_isolation: { taskId?: string };
  delete_registry_key: { keyPath: string; value?: string };
  memory_dump: { dumpType: 'full' | 'process'; maxSizeMb: number; process?: { pid: number; image: ProcessImage }; maxProcesses?: number };
  terminate_process: { name?: string; pid?: number; image?: ProcessImage };
  run_script: { script: string; description: string; interpreter: 'powershell' };
  quarantine_file: { path: string; md5?: string; sha256?: string };
  restore_file: { path: string; md5?: string; sha256?: string };
}

/** Maximum isolation term (31 days), per the vendor documentation. */
export const MAX_ISOLATION_TERM_SECONDS = 2_678_400;

/**
 * Help, *Response types*, Isolate → Asset isolation term: "If there is no custom time period
 * specified, the default time period of seven days is applied."
 */
export const DEFAULT_ISOLATION_TERM_SECONDS = 7 * 24 * 3600;

/**
 * Help, *Processing responses to incidents in MDR Web Console*, Parameters of Get file: "expected
 * file size in MB. The maximum file size is 10 MB."
 */
export const GET_FILE_MAX_SIZE_MB = 10;

/** Help, *Response types*, Memory dump → Maximum file size: "The default value is 100 MB." */
export const DEFAULT_MEMORY_DUMP_SIZE_MB = 100;

/**
 * Help, *Response types*, Isolate → Exclusion rules → Protocol: "The protocol number according to
 * the IANA specification. The possible values are: 1 (ICMP), 6 (TCP), 17 (UDP), 58 (IPv6-ICMP)."
 */
export const ISOLATION_PROTOCOLS: readonly number[] = [1, 6, 17, 58];

/** Help, *Response types*, Isolate → Exclusion rules → Direction: "Inbound, Outbound, Both." */
export const ISOLATION_DIRECTIONS: readonly IsolationExclusionRule['direction'][] = ['Inbound', 'Outbound', 'Both'];

/**
 * Response parameters as the SOC offers them: what the help gives a default for may be left out
 * (the isolation term, the memory dump's size) and is filled in when the response is stored.
 */
export type ResponseParameterInputByType = Omit<ResponseParametersByType, 'isolate' | 'memory_dump'> & {
  isolate: Omit<ResponseParametersByType['isolate'], 'termSeconds'> & { termSeconds?: number };
  memory_dump: Omit<ResponseParametersByType['memory_dump'], 'maxSizeMb'> & { maxSizeMb?: number };
};

/**
 * Why an accepted response was not performed (recorded in the incident's history, help: *Response
 * types*, Get file: "the attempt to accept the response will fail and the response will not be
 * performed, but will appear on the History tab of an incident").
 */
export type ResponseFailureReason = 'fileTooLarge' | 'fileExists' | 'fileNotFound' | 'requiresWindows';

export interface ResponseRecord<T extends ResponseType = ResponseType> {
  id: string;
  incidentId: string;
  assetId: string;
  type: T;
  parameters: ResponseParametersByType[T];
  status: ResponseStatus;
  comment: string | null;
  changedBy: string | null;
  created: number;
  updated: number;
  version: number;
}

export interface Comment {
  id: string;
  incidentId: string;
  authorName: string;
  /** Markdown. */
  text: string;
  created: number;
}

export type HistoryCategory = 'incident' | 'response' | 'communication';

export interface HistoryEntry {
  id: number;
  incidentId: string;
  category: HistoryCategory;
  what: string;
  details: Record<string, unknown>;
  actor: string | null;
  created: number;
}

export type ApiAccessLevel = 'full' | 'senior' | 'incident';
export type ApiConnectionStatus = 'pendingActivation' | 'active' | 'idle' | 'revoked';

export interface ApiConnection {
  id: string;
  clientId: string;
  name: string;
  accessLevel: ApiAccessLevel;
  /** Tenant ids (may contain 'root') its tokens may read; empty = not limited to any tenant. */
  tenantIds: string[];
  status: ApiConnectionStatus;
  created: number;
  lastUsed: number | null;
  refreshTokenHash: string | null;
  refreshTokenExpires: number | null;
  tokenChainId: string | null;
  /** Console user id of the creator (or a label such as 'command line' for the operator's tools). */
  createdBy: string | null;
  /** Made on behalf of the console user `createdBy`: its tokens never act beyond that user's current rights. */
  limitedByCreator: boolean;
  version: number;
}

/** How long an access token lives; a connection unused for longer has no live access token. */
export const ACCESS_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/**
 * The status the *API* tab shows. Stored statuses are *Pending activation*, *Active* and *Revoked*;
 * an active connection is *Idle* once none of its access tokens can still be alive: it was last used
 * more than an access token's lifetime ago. Every exchange counts as use, and every access token was
 * issued at an exchange, so after that time all of them have expired.
 */
export function effectiveConnectionStatus(connection: Pick<ApiConnection, 'status' | 'lastUsed'>, now: number): ApiConnectionStatus {
  if (connection.status !== 'active') return connection.status;
  return connection.lastUsed === null || now - connection.lastUsed > ACCESS_TOKEN_LIFETIME_MS ? 'idle' : 'active';
}

export type ReportDay = 'everyDay' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

export interface ReportSchedule {
  id: string;
  enabled: boolean;
  name: string;
  /** null = all tenants. */
  tenantId: string | null;
  emails: string[];
  day: ReportDay;
  /** 'HH:MM', 24 h, UTC. */
  time: string;
  unencryptedAcknowledged: boolean;
  /** Console user id of whoever created or last edited the schedule (null: nobody known). */
  editedBy: string | null;
  created: number;
  updated: number;
  version: number;
}

export type AutoAcceptMode = 'disabled' | 'allTenants' | 'perTenant';

/** The typed settings stored in the key/value `settings` table. */
export interface SettingsValues {
  extendedNotifications: { enabled: boolean; termsAcceptedOn: number | null };
  language: 'en' | 'ru';
  /**
   * An administrator changed the language in *Settings*: activation no longer sets it to the
   * region's service language.
   */
  languageChosen: boolean;
  /**
   * The background connection between the Web Console and the Administration Server, which activation
   * checks and asks to enable (kept here for the console, as the KSN file installed on it is).
   */
  backgroundConnection: { enabled: boolean; enabledOn: number | null };
  /**
   * In per-tenant mode, `newTenants` is the list's *All tenants* option (new tenants start with
   * auto-acceptance on) and `root` covers the assets without a tenant.
   */
  autoAccept: { mode: AutoAcceptMode; newTenants?: boolean; root?: boolean };
}

/** Defaults used when a setting has never been saved. */
export const DEFAULT_SETTINGS: SettingsValues = {
  extendedNotifications: { enabled: false, termsAcceptedOn: null },
  language: 'en',
  languageChosen: false,
  backgroundConnection: { enabled: false, enabledOn: null },
  autoAccept: { mode: 'disabled' },
};

export interface Setting<K extends keyof SettingsValues = keyof SettingsValues> {
  key: K;
  value: SettingsValues[K];
  /** 0 when never saved (the default is shown); saving with expectedVersion 0 creates it. */
  version: number;
  updated: number | null;
}

export type NotificationCategory = 'incidents' | 'comments' | 'responses';

export interface NotificationSubscription {
  userId: string;
  email: string | null;
  emailVerified: boolean;
  emailCategories: NotificationCategory[];
  emailCodeHash: string | null;
  emailCodeExpires: number | null;
  emailCodeFailures: number;
  telegramCategories: NotificationCategory[];
  telegramLinkTokenHash: string | null;
  telegramLinked: boolean;
  version: number;
  updated: number;
}

/** One page of a server-side paged list. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type SortDirection = 'asc' | 'desc';
