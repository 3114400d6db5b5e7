/**
 * Every event kind the help's notification categories name is mailed, and each mail links to its
 * object in the MDR Web Console of the organization's region. Help, *Receiving notifications*: "The
 * notification body contains a description of the event and a link to the object where the event
 * has occurred"; *Setting up notifications in Kaspersky Security Center*: Incidents "creating,
 * resolving, and closing incidents", Comments "creating, updating, and deleting comments", Responses
 * "creating, accepting, and rejecting responses"; *Receiving extended notifications*: the attack's
 * description only in extended notifications.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiConnection, httpsJson, startTestService, type TestService } from '../support/mdr-service.ts';
import { RESOLVED_CLOSES_AFTER_MS, simulateSocActivity } from '../../host-shim/mdr-service/services/soc-activity.ts';
import { receiveResponse } from '../../host-shim/mdr-service/services/auto-accept.ts';
import { composeNotification } from '../../host-shim/mdr-service/services/notifier.ts';
import { webConsoleLink } from '../../host-shim/mdr-service/services/web-console-links.ts';
import type { StoredMail } from '../../host-shim/mdr-service/mail/smtp-sink.ts';
import type { Incident } from '../../host-shim/mdr-service/db.ts';

const START = Date.UTC(2026, 6, 1, 10);
const SUBSCRIBER = 'olga@example.com';
const clock = START;
let service: TestService;
const arrived: StoredMail[] = [];

/** Mails announced so far, once they have all been handed to the sink. */
async function settled(): Promise<StoredMail[]> {
  // Events are announced on the next turn; the notifier then holds every mail in flight.
  await new Promise((resolve) => setImmediate(resolve));
  await service.app.mdr.notifier.idle();
  return arrived.splice(0);
}

const linkLine = (mail: StoredMail) => mail.text.split('\n').find((line) => line.includes('MDR Web Console: https://'));

before(async () => {
  service = await startTestService({ now: () => clock });
  const { db } = service.app.mdr;
  const mailbox = service.app.mdr.mail.mailbox!;
  db.settings.set('autoAccept', { mode: 'disabled' }, db.settings.get('autoAccept').version, clock);
  const organization = db.organization.require();
  db.organization.update({ regionCode: 'russia' }, organization.version, clock);

  const saved = await service.consoleCall('PUT', 'notifications', {
    user: 'olga',
    rights: ['incidentAccess'],
    json: { email: { enabled: true, address: SUBSCRIBER, categories: ['incidents', 'comments', 'responses'] }, telegram: { enabled: false, categories: [] }, expectedVersion: 0 },
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const codeMail = await mailbox.waitFor((mail) => mail.envelopeTo.includes(SUBSCRIBER) && /code/i.test(mail.subject));
  const code = /\b(\d{6})\b/.exec(codeMail.text)![1];
  assert.equal((await service.consoleCall('POST', 'notifications/email/verify', { user: 'olga', rights: ['incidentAccess'], json: { code } })).status, 200);
  mailbox.on('mail', (mail: StoredMail) => {
    if (mail.envelopeTo.includes(SUBSCRIBER) && !/code/i.test(mail.subject)) arrived.push(mail);
  });
});
after(async () => service.close());

describe('notification mails link to their object', () => {
  test('every event kind the help lists is mailed with a link to its object in the region’s MDR Web Console', async () => {
    const { db } = service.app.mdr;
    const region = 'russia';
    // A resolved incident due to close in this round (help: *Closing incidents in MDR Web Console*, 72 hours).
    const stale = db.incidents.listItems(null, { statuses: ['open', 'onHold'], pageSize: 1000 }).find((each) => each.created < clock - RESOLVED_CLOSES_AFTER_MS - 60_000)!;
    db.incidents.updateStatus(stale.id, { status: 'resolved', resolution: 'truePositive' }, stale.version, clock - RESOLVED_CLOSES_AFTER_MS - 60_000);

    const round = simulateSocActivity(service.app.mdr)!;
    const socMails = await settled();
    const incident = db.incidents.get(round.incidentId)!;
    const [placeholderAdded, analysisAdded] = db.history.listByIncident(incident.id, 'communication').map((entry) => entry.details.commentId as string);
    const resolved = db.incidents.get(round.resolvedIncidentId!)!;
    assert.ok(round.closedIncidentIds.includes(stale.id), 'the stale incident was closed');

    // Accepting and rejecting are the customer's: through the REST API, as a SIEM would.
    const connection = await createApiConnection(service.app, { accessLevel: 'full', name: 'SIEM' });
    const session = await httpsJson<{ access_token: string }>(`${service.url}/api/v1/${connection.clientId}/session/confirm`, { ca: service.ca, json: { refresh_token: connection.refreshToken } });
    const rest = (route: string, body: unknown) =>
      httpsJson(`${service.url}/api/v1/${connection.clientId}/${route}`, { ca: service.ca, json: body, headers: { authorization: `Bearer ${session.body.access_token}` } });
    const rejected = receiveResponse(db, service.app.mdr.activity, {
      id: 'resp-link-rejected-xxxx',
      incidentId: incident.id,
      assetId: incident.affectedAssetIds[0]!,
      created: clock,
      type: 'terminate_process',
      parameters: { name: 'miner.exe' },
    });
    assert.equal((await rest('response/update', { response_id: round.responseId, status: 'Confirmed' })).status, 200);
    assert.equal((await rest('response/update', { response_id: rejected.id, status: 'Declined', comment: 'Not on this host' })).status, 200);
    // Repeating a decision is a no-op: no second mail.
    assert.equal((await rest('response/update', { response_id: round.responseId, status: 'Confirmed' })).status, 200);
    const decisionMails = await settled();

    const url = (object: Parameters<typeof webConsoleLink>[1]) => webConsoleLink(region, object);
    const expected: [string, RegExp, number, string][] = [
      ['incident created', /Incident #\d+ was created/, incident.number, url({ kind: 'incident', incidentId: incident.id })],
      ['incident resolved', /was resolved/, resolved.number, url({ kind: 'incident', incidentId: resolved.id })],
      ['incident closed', /was closed/, stale.number, url({ kind: 'incident', incidentId: stale.id })],
      ['comment created', /New comment/, incident.number, url({ kind: 'comment', incidentId: incident.id, commentId: analysisAdded! })],
      ['comment updated', /Comment changed/, incident.number, url({ kind: 'comment', incidentId: incident.id, commentId: analysisAdded! })],
      ['comment deleted', /Comment deleted/, incident.number, url({ kind: 'communication', incidentId: incident.id })],
      ['response created', /awaits your decision/, incident.number, url({ kind: 'response', incidentId: incident.id, responseId: round.responseId })],
      ['response accepted', /was accepted/, incident.number, url({ kind: 'response', incidentId: incident.id, responseId: round.responseId })],
      ['response rejected', /was rejected/, incident.number, url({ kind: 'response', incidentId: incident.id, responseId: rejected.id })],
    ];
    const mails = [...socMails, ...decisionMails];
    for (const [what, subject, number, link] of expected) {
      const mail = mails.find((each) => subject.test(each.subject) && new RegExp(`#${number}(?!\\d)`).test(each.subject) && linkLine(each)?.endsWith(link));
      assert.ok(mail, `${what}: a mail linking to ${link}\n${mails.map((each) => `${each.subject} → ${linkLine(each)}`).join('\n')}`);
    }
    assert.ok(url({ kind: 'incident', incidentId: incident.id }).startsWith('https://mdr.kaspersky.ru/incidents/'), 'the Russia region’s MDR Web Console');
    assert.ok(placeholderAdded && placeholderAdded !== analysisAdded);
    assert.equal(decisionMails.filter((mail) => /was accepted/.test(mail.subject)).length, 1, 'one mail per decision');
  });

  test('the link follows the region; the extended text only with the extended-notifications option on', () => {
    const { db } = service.app.mdr;
    const incident: Incident = db.incidents.listItems(null, { statuses: ['open'], pageSize: 1 })[0]!;
    const event = { kind: 'incident' as const, action: 'created' as const, incidentId: incident.id };
    const extended = db.settings.get('extendedNotifications');
    db.settings.set('extendedNotifications', { enabled: false, termsAcceptedOn: null }, extended.version, clock);
    let organization = db.organization.require();
    db.organization.update({ regionCode: 'europe' }, organization.version, clock);
    const basic = composeNotification(db, event)!;
    assert.ok(basic.text.includes(`https://mdr.kaspersky.com/incidents/${incident.id}`), basic.text);
    assert.ok(!basic.text.includes(incident.summary), 'no attack description without extended notifications');

    db.settings.set('extendedNotifications', { enabled: true, termsAcceptedOn: clock }, extended.version + 1, clock);
    organization = db.organization.require();
    db.organization.update({ regionCode: 'saudiArabia' }, organization.version, clock);
    const rich = composeNotification(db, event)!;
    assert.ok(rich.text.includes(incident.summary), 'the description with extended notifications');
    assert.ok(rich.text.includes(`https://mdr-sa.kaspersky.com/incidents/${incident.id}`), rich.text);
  });
});
