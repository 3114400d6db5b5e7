/**
 * The life of a response after the client's decision, as the help's *Response types* describe it:
 * accepted → *In progress* → *Completed* or *Failed* (the reason in the incident's history); *Get file*
 * at most the help's 10 MB; *Isolate* for the help's seven days unless the SOC gave a term; the
 * parameter values the help lists. The REST API v1 shows each step.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createApiConnection, httpsJson, startTestService, type TestApiConnection, type TestService } from '../support/mdr-service.ts';
import { receiveResponse } from '../../host-shim/mdr-service/services/auto-accept.ts';
import { advanceResponses, type Endpoint } from '../../host-shim/mdr-service/services/response-execution.ts';
import { simulateSocActivity } from '../../host-shim/mdr-service/services/soc-activity.ts';
import { ValidationError } from '../../host-shim/mdr-service/errors.ts';
import type { Asset, Incident, ResponseInput } from '../../host-shim/mdr-service/db.ts';

const START = Date.UTC(2026, 4, 4, 9);
const MB = 1024 * 1024;
const DAY = 24 * 3600 * 1000;
let clock = START;
let service: TestService;
let connection: TestApiConnection;
let token: string;
let sequence = 0;

/** The asset's files as a test wants them: a size per path, and the paths that already exist. */
const files = new Map<string, number>();
const existing = new Set<string>();
const endpoint: Endpoint = {
  fileSize: (_asset, path) => files.get(path) ?? null,
  fileExists: (_asset, path) => existing.has(path),
};

function post<T = any>(route: string, body: unknown) {
  return httpsJson<T>(`${service.url}/api/v1/${connection.clientId}/${route}`, { ca: service.ca, json: body, headers: { authorization: `Bearer ${token}` } });
}

/** An open incident whose first asset runs `os` (Windows or not). */
function incidentOn(windows: boolean): { incident: Incident; asset: Asset } {
  const { db } = service.app.mdr;
  for (const incident of db.incidents.listItems(null, { statuses: ['open'], pageSize: 500 })) {
    const asset = db.assets.get(incident.affectedAssetIds[0]!)!;
    if (/windows/i.test(asset.osVersion) === windows) return { incident, asset };
  }
  throw new Error('the demo has no such incident');
}

/** The SOC offers a response (auto-acceptance is off, so it awaits a decision). */
function offer(incident: Incident, asset: Asset, response: Pick<ResponseInput, 'type' | 'parameters'>) {
  const { db } = service.app.mdr;
  return receiveResponse(db, null, { id: `resp-life-${++sequence}-xxxxxxxx`, incidentId: incident.id, assetId: asset.id, created: clock, ...response });
}

function isolationPassword() {
  const password = 'Correct-horse-battery-staple';
  const salt = crypto.randomBytes(16);
  return { version: 1 as const, password, salt: salt.toString('hex'), derivedKey: crypto.pbkdf2Sync(password, salt, 10_000, 32, 'sha256').toString('hex') };
}

async function listed(incidentId: string, responseId: string): Promise<Record<string, any>> {
  const answer = await post<Record<string, any>[]>('responses/list', { incident_id: incidentId, page_size: 100 });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const found = answer.body.find((response) => response.response_id === responseId);
  assert.ok(found, 'the response is listed');
  return found;
}

async function confirm(...ids: string[]) {
  const answer = await post('responses/update', { responses_ids: ids, status: 'Confirmed', comment: 'Go ahead' });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
}

before(async () => {
  service = await startTestService({ demo: { seed: 3, assets: 200 }, now: () => clock });
  const { db } = service.app.mdr;
  const autoAccept = db.settings.get('autoAccept');
  db.settings.set('autoAccept', { mode: 'disabled' }, autoAccept.version, clock);
});
after(async () => service.close());
/** A new connection and access token: tests move the clock by days, beyond a token's life. */
async function renew() {
  connection = await createApiConnection(service.app, { accessLevel: 'full', name: `Response life ${++sequence}` });
  const session = await httpsJson<{ access_token: string }>(`${service.url}/api/v1/${connection.clientId}/session/confirm`, { ca: service.ca, json: { refresh_token: connection.refreshToken } });
  assert.equal(session.status, 200);
  token = session.body.access_token;
}

beforeEach(async () => {
  await renew();
  // Responses the demo data left accepted or in progress move on in every step; each test starts from none.
  while (advanceResponses(service.app.mdr.db, clock, endpoint).started.length > 0 || service.app.mdr.db.responses.listByStatus('inProgress', 1).length > 0) {
    clock += 1000;
  }
  files.clear();
  existing.clear();
});

describe('an accepted response moves on', () => {
  // Help, *Response types*, Get file → Maximum file size: "If the infected file exceeds the specified
  // maximum file size, the attempt to accept the response will fail and the response will not be
  // performed, but will appear on the History tab of an incident"; *Processing responses to incidents
  // in MDR Web Console*: "The maximum file size is 10 MB."
  test('Get file: a file of 10 MB is fetched, a larger one fails with the reason in the history; REST shows each step', async () => {
    const { db } = service.app.mdr;
    const { incident, asset } = incidentOn(true);
    files.set('C:\\evidence\\fits.bin', 10 * MB);
    files.set('C:\\evidence\\too-large.bin', 10 * MB + 1);
    const fits = offer(incident, asset, { type: 'get_file', parameters: { path: 'C:\\evidence\\fits.bin', maxFileSizeMb: 10 } });
    const tooLarge = offer(incident, asset, { type: 'get_file', parameters: { path: 'C:\\evidence\\too-large.bin', maxFileSizeMb: 10 } });
    assert.equal((await listed(incident.id, fits.id)).status, 'Waiting');

    // Not accepted yet: nothing happens to it.
    advanceResponses(db, clock, endpoint);
    assert.equal((await listed(incident.id, fits.id)).status, 'Waiting');

    await confirm(fits.id, tooLarge.id);
    assert.equal((await listed(incident.id, fits.id)).status, 'Confirmed');

    clock += 60_000;
    const started = advanceResponses(db, clock, endpoint);
    assert.deepEqual(new Set(started.started), new Set([fits.id, tooLarge.id]));
    const inProgress = await listed(incident.id, tooLarge.id);
    assert.deepEqual([inProgress.status, inProgress.update_time, inProgress.changed_by, inProgress.comment], ['In progress', clock, connection.name, 'Go ahead']);
    const found = await post<Record<string, any>[]>('incidents/list', { response_statuses: ['In progress'], page_size: 1000 });
    assert.ok(found.body.some((each) => each.incident_id === incident.id), 'incidents/list filters by the new status');

    clock += 60_000;
    const finished = advanceResponses(db, clock, endpoint);
    assert.deepEqual(finished.completed, [fits.id]);
    assert.deepEqual(finished.failed, [{ id: tooLarge.id, reason: 'fileTooLarge' }]);
    assert.equal((await listed(incident.id, fits.id)).status, 'Completed');
    const failed = await listed(incident.id, tooLarge.id);
    assert.deepEqual([failed.status, failed.update_time], ['Failed', clock]);

    const history = db.history.listByIncident(incident.id, 'response').filter((entry) => entry.details.responseId === tooLarge.id);
    assert.deepEqual(
      history.map((entry) => entry.what),
      ['responseCreated', 'responseConfirmed', 'responseStarted', 'responseFailed'],
    );
    assert.deepEqual(history.at(-1)!.details, { responseId: tooLarge.id, type: 'get_file', reason: 'fileTooLarge', path: 'C:\\evidence\\too-large.bin', fileSizeBytes: 10 * MB + 1, maxFileSizeMb: 10 });
    assert.equal(db.incidents.get(incident.id)!.updated, clock, 'the incident shows the change');
  });

  test('Get file never asks for more than the help’s 10 MB', () => {
    const { incident, asset } = incidentOn(true);
    const before = service.app.mdr.db.responses.listByIncident(incident.id).total;
    assert.throws(
      () => offer(incident, asset, { type: 'get_file', parameters: { path: 'C:\\evidence\\big.bin', maxFileSizeMb: 10.5 } }),
      (error: unknown) => error instanceof ValidationError && error.field === 'parameters.max_file_size_mb',
    );
    assert.equal(service.app.mdr.db.responses.listByIncident(incident.id).total, before, 'nothing stored');
  });

  // Help, *Response types*, Isolate → Asset isolation term: "If there is no custom time period specified,
  // the default time period of seven days is applied. Maximum value is 2,678,400 seconds."
  test('Isolate: without a term of its own the asset is isolated for seven days, then isolation is lifted by itself', async () => {
    const { db } = service.app.mdr;
    const { incident, asset } = incidentOn(true);
    db.assets.updateState(asset.id, { isolated: false });
    const isolate = offer(incident, asset, { type: 'isolate', parameters: { password: isolationPassword(), taskId: crypto.randomUUID(), exclusionRules: [] } });
    const shown = await listed(incident.id, isolate.id);
    assert.equal(shown.parameters.term_seconds, 7 * 24 * 3600, 'the help’s default is what the client reads');

    await confirm(isolate.id);
    advanceResponses(db, clock, endpoint);
    assert.equal(db.assets.get(asset.id)!.isolated, false, 'not isolated while in progress');
    const completedAt = clock;
    advanceResponses(db, clock, endpoint);
    assert.equal((await listed(incident.id, isolate.id)).status, 'Completed');
    const details = await post<Record<string, any>>('assets/details', { asset_id: asset.id });
    assert.equal(details.body.is_isolated, true);
    const completed = db.history.listByIncident(incident.id, 'response').find((entry) => entry.what === 'responseCompleted' && entry.details.responseId === isolate.id)!;
    assert.equal(completed.details.isolatedUntil, completedAt + 7 * DAY);

    clock = completedAt + 7 * DAY - 1;
    assert.ok(!advanceResponses(db, clock, endpoint).isolationLifted.includes(isolate.id));
    assert.equal(db.assets.get(asset.id)!.isolated, true, 'still isolated a moment before the term ends');
    clock = completedAt + 7 * DAY;
    assert.ok(advanceResponses(db, clock, endpoint).isolationLifted.includes(isolate.id));
    await renew();
    assert.equal((await post<Record<string, any>>('assets/details', { asset_id: asset.id })).body.is_isolated, false);
    assert.ok(db.history.listByIncident(incident.id, 'response').some((entry) => entry.what === 'isolationExpired' && entry.details.responseId === isolate.id));
  });

  test('a completed Disable isolation lifts isolation before the term; a later one is not lifted by an earlier term', () => {
    const { db } = service.app.mdr;
    const { incident, asset } = incidentOn(true);
    const isolate = offer(incident, asset, { type: 'isolate', parameters: { password: isolationPassword(), taskId: 'task-1', termSeconds: 3600, exclusionRules: [] } });
    db.responses.decide([isolate.id], 'confirmed', null, 'tester', null, clock);
    advanceResponses(db, clock, endpoint);
    advanceResponses(db, clock, endpoint);
    assert.equal(db.assets.get(asset.id)!.isolated, true);
    const lift = offer(incident, asset, { type: 'disable_isolation', parameters: { taskId: 'task-1' } });
    db.responses.decide([lift.id], 'confirmed', null, 'tester', null, clock);
    advanceResponses(db, clock, endpoint);
    advanceResponses(db, clock, endpoint);
    assert.equal(db.assets.get(asset.id)!.isolated, false);
    // Isolated again by hand later: the first isolation's hour is over, but it no longer decides.
    db.assets.updateState(asset.id, { isolated: true });
    clock += 2 * 3600 * 1000;
    assert.ok(!advanceResponses(db, clock, endpoint).isolationLifted.includes(isolate.id));
    assert.equal(db.assets.get(asset.id)!.isolated, true);
    db.assets.updateState(asset.id, { isolated: false });
  });

  test('Restore file does not overwrite a file of the same name; Windows-only responses fail on other systems', () => {
    const { db } = service.app.mdr;
    const windows = incidentOn(true);
    const linux = incidentOn(false);
    existing.add('C:\\Users\\Public\\report.docx');
    const restore = offer(windows.incident, windows.asset, { type: 'restore_file', parameters: { path: 'C:\\Users\\Public\\report.docx', sha256: 'ab'.repeat(32) } });
    const restoreFree = offer(windows.incident, windows.asset, { type: 'restore_file', parameters: { path: 'C:\\Users\\Public\\other.docx', md5: 'cd'.repeat(16) } });
    const terminate = offer(linux.incident, linux.asset, { type: 'terminate_process', parameters: { name: 'miner' } });
    db.responses.decide([restore.id, restoreFree.id, terminate.id], 'confirmed', null, 'tester', null, clock);
    advanceResponses(db, clock, endpoint);
    const step = advanceResponses(db, clock, endpoint);
    assert.deepEqual(new Set(step.failed.map((each) => `${each.id}:${each.reason}`)), new Set([`${restore.id}:fileExists`, `${terminate.id}:requiresWindows`]));
    assert.deepEqual(step.completed, [restoreFree.id]);
  });

  test('a decision stays what it was while the response is performed; a rejected response is never performed', async () => {
    const { db } = service.app.mdr;
    const { incident, asset } = incidentOn(true);
    files.set('C:\\evidence\\a.bin', MB);
    const accepted = offer(incident, asset, { type: 'get_file', parameters: { path: 'C:\\evidence\\a.bin', maxFileSizeMb: 5 } });
    const rejected = offer(incident, asset, { type: 'get_file', parameters: { path: 'C:\\evidence\\a.bin', maxFileSizeMb: 5 } });
    await confirm(accepted.id);
    assert.equal((await post('response/update', { response_id: rejected.id, status: 'Declined', comment: 'Not this one' })).status, 200);
    advanceResponses(db, clock, endpoint);

    const again = await post<Record<string, any>>('response/update', { response_id: accepted.id, status: 'Confirmed' });
    assert.equal(again.status, 200, 'repeating the decision is a no-op');
    assert.equal(again.body.status, 'In progress');
    const reversed = await post<Record<string, any>>('response/update', { response_id: accepted.id, status: 'Declined', comment: 'Too late' });
    assert.deepEqual([reversed.status, reversed.body.error], [409, 'responseNotWaiting']);

    advanceResponses(db, clock, endpoint);
    assert.equal((await listed(incident.id, accepted.id)).status, 'Completed');
    assert.equal((await post<Record<string, any>>('response/update', { response_id: accepted.id, status: 'Confirmed' })).status, 200);
    assert.equal((await listed(incident.id, rejected.id)).status, 'Declined');
  });
});

describe('parameter values are those the help lists', () => {
  const base = () => ({ password: isolationPassword(), taskId: 'task-x' });
  // Help, *Response types*: Isolate → Exclusion rules → Direction "Inbound, Outbound, Both"; Protocol
  // "1 (ICMP), 6 (TCP), 17 (UDP), 58 (IPv6-ICMP)"; Delete registry key → Key "starts with
  // HKEY_LOCAL_MACHINE or HKEY_USERS"; Put file in quarantine: "the hash of the file (MD5 or SHA256)".
  const refused: [string, Pick<ResponseInput, 'type' | 'parameters'>, string][] = [
    ['a protocol the help does not list', { type: 'isolate', parameters: { ...base(), exclusionRules: [{ direction: 'Both', protocol: 22 }] } }, 'parameters.exclusion_rules[0].protocol'],
    ['a direction the help does not list', { type: 'isolate', parameters: { ...base(), exclusionRules: [{ direction: 'Sideways' as 'Both' }] } }, 'parameters.exclusion_rules[0].direction'],
    ['a port range upside down', { type: 'isolate', parameters: { ...base(), exclusionRules: [{ direction: 'Inbound', localPorts: { from: 90, to: 80 } }] } }, 'parameters.exclusion_rules[0].local_ports'],
    ['a term above 2,678,400 seconds', { type: 'isolate', parameters: { ...base(), termSeconds: 2_678_401, exclusionRules: [] } }, 'parameters.term_seconds'],
    ['a key outside HKEY_LOCAL_MACHINE and HKEY_USERS', { type: 'delete_registry_key', parameters: { keyPath: 'HKEY_CURRENT_USER\\Software\\Run' } }, 'parameters.key_path'],
    ['a quarantine request without the file’s hash', { type: 'quarantine_file', parameters: { path: 'C:\\x.exe' } }, 'parameters.sha256'],
    ['a process dump without its process', { type: 'memory_dump', parameters: { dumpType: 'process' } }, 'parameters.process'],
  ];
  for (const [what, response, field] of refused) {
    test(`refused: ${what}`, () => {
      const { incident, asset } = incidentOn(true);
      assert.throws(() => offer(incident, asset, response), (error: unknown) => error instanceof ValidationError && error.field === field);
    });
  }

  test('accepted: each protocol the help lists, and a memory dump of the help’s default 100 MB', async () => {
    const { incident, asset } = incidentOn(true);
    const isolate = offer(incident, asset, {
      type: 'isolate',
      parameters: { ...base(), termSeconds: 2_678_400, exclusionRules: [1, 6, 17, 58].map((protocol) => ({ direction: 'Both' as const, protocol })) },
    });
    assert.deepEqual((await listed(incident.id, isolate.id)).parameters.exclusion_rules.map((rule: { protocol: number }) => rule.protocol), [1, 6, 17, 58]);
    const dump = offer(incident, asset, { type: 'memory_dump', parameters: { dumpType: 'full' } });
    assert.equal((await listed(incident.id, dump.id)).parameters.max_size_mb, 100);
  });
});

describe('the demo SOC activity drives the responses over time', () => {
  test('a response accepted between two rounds is in progress after the next round and finished after the one after', async () => {
    const { incident, asset } = incidentOn(true);
    files.set('C:\\evidence\\demo.bin', 3 * MB);
    const response = offer(incident, asset, { type: 'get_file', parameters: { path: 'C:\\evidence\\demo.bin', maxFileSizeMb: 10 } });
    await confirm(response.id);
    clock += 300_000;
    const first = simulateSocActivity(service.app.mdr, endpoint);
    assert.ok(first?.responses.started.includes(response.id));
    assert.equal((await listed(incident.id, response.id)).status, 'In progress');
    clock += 300_000;
    const second = simulateSocActivity(service.app.mdr, endpoint);
    assert.ok(second?.responses.completed.includes(response.id));
    assert.equal((await listed(incident.id, response.id)).status, 'Completed');
    // The round's own offer follows the help too: Get file at most 10 MB, or Isolate for the default term.
    const offered = service.app.mdr.db.responses.get(second!.responseId)!;
    if (offered.type === 'get_file') assert.ok((offered.parameters as { maxFileSizeMb: number }).maxFileSizeMb <= 10);
    else assert.equal((offered.parameters as { termSeconds: number }).termSeconds, 7 * 24 * 3600);
    await service.app.mdr.notifier.idle();
  });
});
