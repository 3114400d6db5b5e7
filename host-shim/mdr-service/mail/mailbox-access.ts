/**
 * Who may read which message of the demo mailbox. The mailbox stands in for the inboxes of every
 * address the service mails, so a user sees only what was sent to them:
 *
 * - nobody without *Incident access* (the minimum MDR right) sees anything;
 * - the console's main administrator (manages users and roles) sees every message;
 * - a verification code or a notification: the user whose *Notifications* address it was sent to
 *   (help: *Setting up notifications in Kaspersky Security Center*, *Receiving extended
 *   notifications*), and a notification only while its incident's tenant is in the console's scope;
 * - a report goes to addresses typed into a schedule, which nobody registered as theirs: the user
 *   who created or last edited the schedule before it was sent, while they hold *Incident access*
 *   and *Incident summary scheduling* (the rights the *Reports* tab needs; help: *Setting up
 *   regular report delivery*), and only when the schedule's tenant is in the console's scope (a
 *   report for all tenants is in every scope, as its schedule is);
 * - a message without a known audience (older mail, mail from elsewhere): the administrator only.
 */
import { inScope, type TenantScope } from '../db.ts';
import type { ConsoleRight } from '../http/console-auth.ts';
import type { StoredMail } from './smtp-sink.ts';

/** The console user asking, as the console server describes them. */
export interface MailboxReader {
  userId: string | null;
  rights: ReadonlySet<ConsoleRight>;
  /** The console's main administrator (the console permission to manage users and roles). */
  administrator: boolean;
  /** Tenants the console may reach. */
  scope: TenantScope;
}

/** Whether `reader` may see `mail` in the demo mailbox (see the module comment for the rule). */
export function mayReadMail(mail: Pick<StoredMail, 'audience'>, reader: MailboxReader): boolean {
  if (!reader.rights.has('incidentAccess')) return false;
  if (reader.administrator) return true;
  const audience = mail.audience;
  if (!audience || reader.userId === null || !audience.userIds.includes(reader.userId)) return false;
  switch (audience.kind) {
    case 'verification':
      return true;
    case 'notification':
      return inScope(audience.tenantId, reader.scope);
    case 'report':
      return reader.rights.has('incidentSummaryScheduling') && (audience.tenantId === null || inScope(audience.tenantId, reader.scope));
    default:
      return false;
  }
}
