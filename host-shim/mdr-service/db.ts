/**
 * The MDR service database: the one module that owns `<dataDir>/mdr.db`. Everything else in the
 * service (routes, demo generator, token logic) goes through the typed repositories exposed by
 * {@link MdrDatabase}; no SQL lives outside `db.ts` and `db/`.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { dataDir } from '../common/paths.ts';
import { SqliteStore } from '../common/sqlite.ts';
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
export class MdrDatabase extends SqliteStore {
  readonly organization = new OrganizationRepository(this.sql);
  readonly ksn = new KsnRepository(this.sql);
  readonly licenses = new LicenseRepository(this.sql);
  readonly tenants = new TenantRepository(this.sql);
  readonly assets = new AssetRepository(this.sql, { exportSql: () => this.#exportReader() });
  readonly incidents = new IncidentRepository(this.sql);
  readonly responses = new ResponseRepository(this.sql);
  readonly comments = new CommentRepository(this.sql);
  readonly history = new HistoryRepository(this.sql);
  readonly apiConnections = new ApiConnectionRepository(this.sql);
  /** Console users' last known rights (what binds the API connections they made). */
  readonly consolePrincipals = new ConsolePrincipalRepository(this.sql);
  readonly reportSchedules = new ReportScheduleRepository(this.sql);
  readonly reportRuns = new ReportRunRepository(this.sql);
  readonly settings = new SettingsRepository(this.sql);
  readonly notifications = new NotificationRepository(this.sql);
  /** Code mails and wrong codes of address verification (its throttles). */
  readonly verificationEvents = new VerificationEventRepository(this.sql);
  /**
   * Exports (a million rows in one CSV) read through a connection of their own with a small page
   * cache: a whole-table read through the main connection filled its 64 MB cache, growing the
   * service by as much and evicting the pages the lists keep using. Opened on the first export.
   */
  #exportDb?: Database.Database;
  #exportSql?: SqlContext;

  constructor(file: string) {
    super(file, openConnection);
  }

  /** Refreshes the planner's table statistics where they are stale (after bulk loads). */
  optimize(): void {
    this.connection.pragma('optimize');
  }

  /** True before initialization: no organization row yet (the service then loads demo data). */
  isEmpty(): boolean {
    return this.organization.get() === null;
  }

  /** Version of the newest applied schema migration. */
  schemaVersion(): number {
    return schemaVersion(this.connection);
  }

  /** The durability-relevant settings of this connection (diagnostics and tests). */
  pragmas(): { journalMode: string; synchronous: 'off' | 'normal' | 'full' | 'extra'; foreignKeys: boolean } {
    const synchronous = ['off', 'normal', 'full', 'extra'][this.connection.pragma('synchronous', { simple: true }) as number] as 'off' | 'normal' | 'full' | 'extra';
    return {
      journalMode: String(this.connection.pragma('journal_mode', { simple: true })),
      synchronous,
      foreignKeys: this.connection.pragma('foreign_keys', { simple: true }) === 1,
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

  /** Flushes the WAL into the main file and closes the connection. */
  override close(): void {
    this.#exportDb?.close();
    this.#exportDb = undefined;
    this.#exportSql = undefined;
    if (this.connection.open) this.connection.pragma('wal_checkpoint(TRUNCATE)');
    super.close();
  }
}

/** Opens (creating and migrating if needed) the MDR service database in `dir` (default: the data folder). */
export function openMdrDatabase(options: { dir?: string; file?: string } = {}): MdrDatabase {
  return new MdrDatabase(options.file ?? mdrDatabasePath(options.dir ?? dataDir()));
}
