// The augmentation at the end of this file extends fastify's types: fastify must be part of every
// program that compiles this file, including one made of a few service files only.
import type {} from 'fastify';
import type { PkiPaths } from '../common/pki.ts';
import type { ConsoleCredentialInfo } from './console-credential.ts';
import type { MdrDatabase, TenantScope } from './db.ts';
import type { RightId as ConsoleRight } from '../../contract/rights.ts';
import type { ApiCaller, TokenService } from './tokens.ts';
import type { MailService } from './mail/mail-service.ts';
import type { ActivityBus } from './services/activity.ts';
import type { Notifier } from './services/notifier.ts';
import type { ReportScheduler } from './services/report-scheduler.ts';
import type { VerificationKey } from './verification-key.ts';

/** What every route of the service can reach through `app.mdr`. */
export interface MdrServiceContext {
  db: MdrDatabase;
  dataDir: string;
  pki: PkiPaths;
  consoleCredential: ConsoleCredentialInfo;
  tokens: TokenService;
  /** Clock of the service (tests pin it). */
  now: () => number;
  /** Service version (from package.json). */
  version: string;
  /** What the demo generator loaded at this start, or null when the database already had data. */
  demo: SeedSummary | null;
  /** Outgoing mail (a relay from `SMTP_URL`, or the embedded sink with its mailbox). */
  mail: MailService;
  /** Changes to incidents, comments and responses, announced after they are committed. */
  activity: ActivityBus;
  /** Mails subscribers about the announced changes. */
  notifier: Notifier;
  /** Sends scheduled reports (tests call `tick()` after moving the clock). */
  reports: ReportScheduler;
  /** Keys the hashes of address verification codes (a file in the data folder, never in the database). */
  verificationKey: VerificationKey;
}

/** What a seed loaded into an empty database (`npm start` loads the demo generator's). */
export interface SeedSummary {
  seed: number;
  activated: boolean;
  tenants: number;
  licenses: number;
  assets: number;
  incidents: number;
  responses: number;
  comments: number;
  historyEntries: number;
  durationMs: number;
}

/** The console server's call, as the console-facing API sees it. */
export interface ConsoleCaller {
  /** Console user id from `X-MDR-User` (null for server-to-server calls). */
  userId: string | null;
  /** Display name from `X-MDR-User-Name` (URI-encoded by the console). */
  userName: string | null;
  /** Effective rights from `X-MDR-Rights`. */
  rights: ReadonlySet<ConsoleRight>;
  /** First language of `Accept-Language` (e.g. 'en', 'ru'). */
  language: string;
  /** Tenants this Administration Server may reach (the organization's console tenant scope). */
  scope: TenantScope;
}

declare module 'fastify' {
  interface FastifyInstance {
    mdr: MdrServiceContext;
  }
  interface FastifyRequest {
    consoleCaller: ConsoleCaller | null;
    apiCaller: ApiCaller | null;
  }
  interface FastifyContextConfig {
    /** Console routes: the rights a caller needs (all of them). Mandatory: deny by default. */
    rights?: readonly ConsoleRight[];
    /** Console routes that need no credential at all (health). */
    public?: boolean;
  }
}
