/**
 * The demo mailbox's rule, case by case (help: *Setting up notifications in Kaspersky Security
 * Center*, *Receiving extended notifications*, *Setting up regular report delivery*); the pages
 * and the service routes are tested in demo-mailbox.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConsoleRight } from '../../host-shim/mdr-service/http/console-auth.ts';
import { mayReadMail, type MailboxReader } from '../../host-shim/mdr-service/mail/mailbox-access.ts';
import type { MailAudience } from '../../host-shim/mdr-service/mail/mailer.ts';
import { ROOT_TENANT as ROOT } from '../../host-shim/mdr-service/db/types.ts';

function reader(userId: string | null, rights: ConsoleRight[], options: Partial<Pick<MailboxReader, 'administrator' | 'scope'>> = {}): MailboxReader {
  return { userId, rights: new Set(rights), administrator: options.administrator ?? false, scope: options.scope ?? null };
}

const officer = ['incidentAccess'] as ConsoleRight[];
const planner = ['incidentAccess', 'incidentSummaryScheduling'] as ConsoleRight[];

const code: MailAudience = { kind: 'verification', userIds: ['u1'], tenantId: null };
const notification: MailAudience = { kind: 'notification', userIds: ['u1'], tenantId: 't1' };
const rootNotification: MailAudience = { kind: 'notification', userIds: ['u1'], tenantId: null };
const report: MailAudience = { kind: 'report', userIds: ['u1'], tenantId: 't1' };
const allTenantsReport: MailAudience = { kind: 'report', userIds: ['u1'], tenantId: null };
const editorless: MailAudience = { kind: 'report', userIds: [], tenantId: null };

const cases: [name: string, audience: MailAudience | null, who: MailboxReader, visible: boolean][] = [
  ['own verification code', code, reader('u1', officer), true],
  ["another user's verification code", code, reader('u2', officer), false],
  ['own code without Incident access', code, reader('u1', []), false],
  ['a call without a user', code, reader(null, planner), false],
  ['own notification, tenant in scope', notification, reader('u1', officer, { scope: ['t1'] }), true],
  ['own notification, every tenant in scope', notification, reader('u1', officer), true],
  ['own notification, tenant out of scope', notification, reader('u1', officer, { scope: ['t2'] }), false],
  ['own notification of the root tenant, root in scope', rootNotification, reader('u1', officer, { scope: [ROOT] }), true],
  ['own notification of the root tenant, root out of scope', rootNotification, reader('u1', officer, { scope: ['t1'] }), false],
  ["another user's notification", notification, reader('u2', planner), false],
  ['report of own schedule, with Incident summary scheduling', report, reader('u1', planner), true],
  ['report of own schedule, without Incident summary scheduling', report, reader('u1', officer), false],
  ['report of own schedule, tenant out of scope', report, reader('u1', planner, { scope: ['t2'] }), false],
  ['report for all tenants of own schedule, limited scope', allTenantsReport, reader('u1', planner, { scope: ['t2'] }), true],
  ["report of another user's schedule", report, reader('u2', planner), false],
  ['report of a schedule nobody edited', editorless, reader('u1', planner), false],
  ['mail without an audience', null, reader('u1', planner), false],
  ['administrator: any message', report, reader('admin', officer, { administrator: true, scope: ['t2'] }), true],
  ['administrator: mail without an audience', null, reader('admin', officer, { administrator: true }), true],
  ['administrator without Incident access', code, reader('admin', [], { administrator: true }), false],
];

describe('demo mailbox: who may read which message', () => {
  for (const [name, audience, who, visible] of cases) {
    test(`${name}: ${visible ? 'visible' : 'hidden'}`, () => {
      assert.equal(mayReadMail({ audience }, who), visible);
    });
  }
});
