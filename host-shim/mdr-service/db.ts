/**
 * The MDR service database: the one module that owns `<dataDir>/mdr.db`. Everything else in the
 * service (routes, demo generator, token logic) goes through the typed repositories exposed by
 * {@link MdrDatabase}; no SQL lives outside `db.ts` and `db/`.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { dataDir } from '../common/paths.ts';
import { ApiConnectionRepository } from './db/api-connections.ts';
import { AssetRepository } from './db/assets.ts';
import { CommentRepository, HistoryRepository } from './db/comments.ts';
import { openConnection, schemaVersion, SqlContext } from './db/connection.ts';
import { ConsolePrincipalRepository } from './db/console-principals.ts';
import { IncidentRepository } from './db/incidents.ts';
import { LicenseRepository } from './db/licenses.ts';
import { KsnRepository, OrganizationRepository } from './db/organization.ts';
import { ReportRunRepository, ReportScheduleRepository } from './db/report-schedules.ts';
import { ResponseRepository } from './db/responses.ts';
import { NotificationRepository, SettingsRepository } from './db/settings.ts';
import { TenantRepository } from './db/tenants.ts';
import { VerificationEventRepository } from './db/verification-events.ts';

export * from './db/types.ts';
export type { ApiConnectionInput, RefreshTokenState } from './db/api-connections.ts';
export { ASSET_SORT_FIELDS } from './db/assets.ts';
export type { AssetFilter, AssetInput, AssetListQuery, AssetSortField, AssetStatusCounts } from './db/assets.ts';
export type { HistoryInput } from './db/comments.ts';
export type { PrincipalRights } from './db/console-principals.ts';
export { INCIDENT_SORT_FIELDS } from './db/incidents.ts';
export type { IncidentFilter, IncidentInput, IncidentListQuery, IncidentSortField, OpenIncidentsByPriority } from './db/incidents.ts';
export type { LicenseInput } from './db/licenses.ts';
export type { OrganizationInput } from './db/organization.ts';
export { MAX_SCHEDULES, MAX_SCHEDULES_PER_TENANT } from './db/report-schedules.ts';
export type { ReportRun, ReportScheduleInput, ReportSchedulePatch } from './db/report-schedules.ts';
export type { ResponseDecision, ResponseInput } from './db/responses.ts';
export type { NotificationSubscriptionPatch } from './db/settings.ts';
export { MAX_TENANTS } from './db/tenants.ts';
export type { TenantInput, TenantPatch, TenantSortField, TenantWithAssets } from './db/tenants.ts';
export { inScope, intersectScopes } from './db/sql.ts';

/** File name of the database inside the data folder. */
export const DATABASE_FILE = 'mdr.db';

/** Path of the MDR service database in `dir` (default: the data folder). */
export function mdrDatabasePath(dir: string = dataDir()): string {
  return path.join(dir, DATABASE_FILE);
}

/** An open MDR service database with one repository per area. */
export class MdrDatabase {
  /** Path of the database file. */
  readonly file: string;
  readonly organization: OrganizationRepository;
  readonly ksn: KsnRepository;
  readonly licenses: LicenseRepository;
  readonly tenants: TenantRepository;
  readonly assets: AssetRepository;
  readonly incidents: IncidentRepository;
  readonly responses: ResponseRepository;
  readonly comments: CommentRepository;
  readonly history: HistoryRepository;
  readonly apiConnections: ApiConnectionRepository;
  /** Console users' last known rights (what binds the API connections they made). */
  readonly consolePrincipals: ConsolePrincipalRepository;
  readonly reportSchedules: ReportScheduleRepository;
  readonly reportRuns: ReportRunRepository;
  readonly settings: SettingsRepository;
  readonly notifications: NotificationRepository;
  /** Code mails and wrong codes of address verification (its throttles). */
  readonly verificationEvents: VerificationEventRepository;
  readonly #db: Database.Database;
  /**
   * Exports (a million rows in one CSV) read through a connection of their own with a small page
   * cache: a whole-table read through the main connection filled its 64 MB cache, growing the
   * service by as much and evicting the pages the lists keep using. Opened on the first export.
   */
  #exportDb?: Database.Database;
  #exportSql?: SqlContext;

  constructor(file: string) {
    this.file = file;
    this.#db = openConnection(file);
    const sql = new SqlContext(this.#db);
    this.organization = new OrganizationRepository(sql);
    this.ksn = new KsnRepository(sql);
    this.licenses = new LicenseRepository(sql);
    this.tenants = new TenantRepository(sql);
    this.assets = new AssetRepository(sql, { exportSql: () => this.#exportReader() });
    this.incidents = new IncidentRepository(sql);
    this.responses = new ResponseRepository(sql);
    this.comments = new CommentRepository(sql);
    this.history = new HistoryRepository(sql);
    this.apiConnections = new ApiConnectionRepository(sql);
    this.consolePrincipals = new ConsolePrincipalRepository(sql);
    this.reportSchedules = new ReportScheduleRepository(sql);
    this.reportRuns = new ReportRunRepository(sql);
    this.settings = new SettingsRepository(sql);
    this.notifications = new NotificationRepository(sql);
    this.verificationEvents = new VerificationEventRepository(sql);
  }

  /**
   * Runs `fn` in one write transaction (BEGIN IMMEDIATE): all of its writes commit together or,
   * if it throws, none do. Nested calls become savepoints.
   */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn).immediate();
  }

  /** Refreshes the planner's table statistics where they are stale (after bulk loads). */
  optimize(): void {
    this.#db.pragma('optimize');
  }

  /** True before initialization: no organization row yet (the service then loads demo data). */
  isEmpty(): boolean {
    return this.organization.get() === null;
  }

  /** Version of the newest applied schema migration. */
  schemaVersion(): number {
    return schemaVersion(this.#db);
  }

  /** The durability-relevant settings of this connection (diagnostics and tests). */
  pragmas(): { journalMode: string; synchronous: 'off' | 'normal' | 'full' | 'extra'; foreignKeys: boolean } {
    const synchronous = ['off', 'normal', 'full', 'extra'][this.#db.pragma('synchronous', { simple: true }) as number] as 'off' | 'normal' | 'full' | 'extra';
    return {
      journalMode: String(this.#db.pragma('journal_mode', { simple: true })),
      synchronous,
      foreignKeys: this.#db.pragma('foreign_keys', { simple: true }) === 1,
    };
  }

  #exportReader(): SqlContext {
    if (!this.#exportSql) {
      const db = new Database(this.file);
      db.pragma('busy_timeout = 5000');
      db.pragma('cache_size = -2048');
      db.pragma('query_only = ON');
      this.#exportDb = db;
      this.#exportSql = new SqlContext(db);
    }
    return this.#exportSql;
  }

  /** Whether the connection is open. */
  get open(): boolean {
    return this.#db.open;
  }

  /** Flushes the WAL into the main file and closes the connection. */
  close(): void {
    this.#exportDb?.close();
    this.#exportDb = undefined;
    this.#exportSql = undefined;
    if (!this.#db.open) return;
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    this.#db.close();
  }
}

/** Opens (creating and migrating if needed) the MDR service database in `dir` (default: the data folder). */
export function openMdrDatabase(options: { dir?: string; file?: string } = {}): MdrDatabase {
  return new MdrDatabase(options.file ?? mdrDatabasePath(options.dir ?? dataDir()));
}
