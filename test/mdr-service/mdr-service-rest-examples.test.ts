/**
 * The help's examples (*Working with the REST API*) against the running service, over HTTPS verified
 * with the local CA:
 * - Python: fixtures/rest-api-example.py is the help's script word for word; only the certificate
 *   path, the API URL and the credentials (Client ID, refresh token, no access token yet) are
 *   replaced before it runs.
 * - Shell: fixtures/rest-api-example.sh holds the help's curl commands; each is run as pasted, with
 *   the host and the {client_id} / {refresh_token} / {access_token} placeholders filled in and the
 *   local CA given to curl through CURL_CA_BUNDLE.
 *
 * The asset, incident and response ids the example pastes in are loaded into the service first, so
 * every call of the example finds real data instead of answering "not found".
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Asset, IsolationPassword, MdrDatabase } from '../../host-shim/mdr-service/db.ts';
import { createApiConnection, httpsJson, startTestService, type TestApiConnection, type TestService } from '../support/mdr-service.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The ids the help's example pastes in. */
const EXAMPLE = {
  assetId: '0xFA6A68CC9A9415963DE841048A3BE929',
  /** The asset of `affected_hosts` ("MA-MDR-KES-S:0xFA6A68CC9A94145456E841048A3BE929"): the same host, installed earlier. */
  previousAssetId: '0xFA6A68CC9A94145456E841048A3BE929',
  otherHostAssetId: '0x5C0D2E7B91A44F3E8D6B2A1C9E0F7D34',
  incidentId: '60gWG4UBMUGN-LWUuv1m',
  closedIncidentId: 'Kq3mT0xBMUGN-LWUa9Zr',
  responseId: 'CEgYG4UBMUGN-LWULP7W',
  secondResponseId: '2ESl6IgB4cAOUyXBb5IB',
};

/** Debian's interpreter has python3-requests and python3-jwt; a PATH python3 (pyenv, venv) may not. */
function findPython(): string | null {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(candidate, ['-c', 'import requests, jwt'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return null;
}

function isolationPassword(): IsolationPassword {
  const password = 'Xq7mR2kP9vN4tL8w';
  const salt = '9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c';
  const derivedKey = crypto.pbkdf2Sync(password, Buffer.from(salt, 'hex'), 10_000, 32, 'sha256').toString('hex');
  return { version: 1, password, salt, derivedKey };
}

/** Loads the example's hosts, incidents and responses (root tenant, times relative to now). */
function loadExampleData(db: MdrDatabase, now: number): void {
  const asset = (fields: Partial<Asset> & Pick<Asset, 'id' | 'hostName'>): Asset => ({
    tenantId: null,
    licenseId: null,
    domain: 'corp.example.com',
    osVersion: 'Windows Server 2019 Standard 1809',
    networkInterfaces: [{ ip: '10.70.104.1', mac: '00-15-5D-0A-68-01' }],
    installedProducts: [
      { name: 'Kaspersky Endpoint Security for Windows', version: '12.6.0.438' },
      { name: 'Kaspersky Security Center Network Agent', version: '15.1.0.20748' },
    ],
    firstSeen: now - 200 * DAY,
    lastSeen: now - 10 * MINUTE,
    status: 'ok',
    problems72h: [],
    telemetryLoss: false,
    isolated: false,
    ...fields,
  });
  db.transaction(() => {
    db.assets.insert(asset({ id: EXAMPLE.previousAssetId, hostName: 'MA-MDR-KES-S', status: 'absent', firstSeen: now - 400 * DAY, lastSeen: now - 210 * DAY, networkInterfaces: [{ ip: '10.70.104.17' }] }));
    db.assets.insert(asset({ id: EXAMPLE.assetId, hostName: 'MA-MDR-KES-S' }));
    db.assets.insert(asset({ id: EXAMPLE.otherHostAssetId, hostName: 'SIN-MDR-KSC', osVersion: 'Windows Server 2022 Standard', firstSeen: now - 150 * DAY }));
    const incident = {
      tenantId: null,
      mitreTactics: [{ id: 'TA0002', name: 'Execution' }],
      mitreTechniques: [{ id: 'T1059.001', name: 'PowerShell' }],
      detectionTechnology: 'EDR',
      assetIocs: [{ type: 'sha256' as const, value: 'a'.repeat(64), assetId: EXAMPLE.assetId }],
      networkIocs: [{ type: 'domain' as const, value: 'update-check.example.net' }],
      isCustom: false,
    };
    db.incidents.insert({
      ...incident,
      id: EXAMPLE.closedIncidentId,
      number: db.incidents.nextNumber(),
      summary: 'Credential dumping attempt on MA-MDR-KES-S',
      description: '## Summary\n\nLSASS memory was read by an unsigned tool.',
      priority: 'high',
      status: 'closed',
      resolution: 'truePositive',
      created: now - 90 * DAY,
      updated: now - 85 * DAY,
      affectedAssetIds: [EXAMPLE.assetId],
    });
    db.responses.insert({
      id: 'Zr81G4UBMUGN-LWUk2Pq',
      incidentId: EXAMPLE.closedIncidentId,
      assetId: EXAMPLE.assetId,
      type: 'get_file',
      parameters: { path: 'C:\\Users\\Public\\procdump64.exe', maxFileSizeMb: 10 },
      status: 'confirmed',
      comment: null,
      changedBy: 'Jane Doe',
      created: now - 90 * DAY + 30 * MINUTE,
      updated: now - 90 * DAY + 50 * MINUTE,
    });
    db.incidents.insert({
      ...incident,
      id: EXAMPLE.incidentId,
      number: db.incidents.nextNumber(),
      summary: 'Suspicious PowerShell activity on MA-MDR-KES-S',
      description: '## Summary\n\nAn encoded **PowerShell** command downloaded a payload.\n\n- Host: `MA-MDR-KES-S`',
      priority: 'high',
      status: 'open',
      resolution: null,
      created: now - 3 * 60 * MINUTE,
      updated: now - 60 * MINUTE,
      affectedAssetIds: [EXAMPLE.assetId, EXAMPLE.previousAssetId],
    });
    db.responses.insert({
      id: EXAMPLE.responseId,
      incidentId: EXAMPLE.incidentId,
      assetId: EXAMPLE.assetId,
      type: 'isolate',
      parameters: {
        password: isolationPassword(),
        taskId: '6f1d2c3b-4a59-4e8f-9d0c-1b2a3c4d5e6f',
        termSeconds: 604_800,
        exclusionRules: [{ direction: 'Both', protocol: 6, remotePorts: { from: 443, to: 443 }, remoteIpv4: '10.70.0.5/32' }],
      },
      status: 'waiting',
      comment: null,
      changedBy: 'SOC analyst',
      created: now - 2 * 60 * MINUTE,
      updated: now - 2 * 60 * MINUTE,
    });
    db.responses.insert({
      id: EXAMPLE.secondResponseId,
      incidentId: EXAMPLE.incidentId,
      assetId: EXAMPLE.assetId,
      type: 'quarantine_file',
      parameters: { path: 'C:\\Users\\Public\\update.exe', sha256: 'a'.repeat(64) },
      status: 'waiting',
      comment: null,
      changedBy: 'SOC analyst',
      created: now - 2 * 60 * MINUTE + MINUTE,
      updated: now - 2 * 60 * MINUTE + MINUTE,
    });
  });
}

/** The help's script with only the certificate path, the URL and the credentials replaced. */
function adaptedScript(values: { caPath: string; apiUrl: string; clientId: string; refreshToken: string }): string {
  const original = fs.readFileSync(path.join(fixtures, 'rest-api-example.py'), 'utf8');
  const replacements: [RegExp, string][] = [
    [/^VERIFY_CERT_PATH = .*$/m, `VERIFY_CERT_PATH = ${JSON.stringify(values.caPath)}`],
    [/^API_URL = .*$/m, `API_URL = ${JSON.stringify(values.apiUrl)}`],
    [/^CLIENT_ID = .*$/m, `CLIENT_ID = ${JSON.stringify(values.clientId)}`],
    [/^REFRESH_TOKEN = .*$/m, `REFRESH_TOKEN = ${JSON.stringify(values.refreshToken)}`],
    // No access token yet: the script gets one with the refresh token, as on first use.
    [/^ACCESS_TOKEN = .*$/m, 'ACCESS_TOKEN = ""'],
  ];
  let script = original;
  for (const [pattern, line] of replacements) {
    assert.match(script, pattern);
    script = script.replace(pattern, line);
  }
  const changed = script.split('\n').filter((line, i) => line !== original.split('\n')[i]);
  assert.equal(changed.length, 5, 'only five lines differ from the help');
  return script;
}

/** The environment of the example's process: no proxy between it and the local service, no other CA bundle. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(https?_proxy|all_proxy|no_proxy|requests_ca_bundle|curl_ca_bundle|ssl_cert_file)$/i.test(key)),
  );
  return { ...env, ...extra };
}

let service: TestService;
let python: string | null;

before(async () => {
  python = findPython();
  service = await startTestService({ demo: { seed: 5, assets: 300 } });
  loadExampleData(service.app.mdr.db, Date.now());
});
after(async () => {
  await service.close();
});

describe("the help's Python example", () => {
  let connection: TestApiConnection;
  let outputs: unknown[] = [];
  let stdout = '';

  test('runs to the end against the local service, over HTTPS verified with the local CA', async () => {
    assert.ok(python, 'python3 with requests and jwt is needed (Debian: python3-requests python3-jwt; npm test installs them)');
    connection = await createApiConnection(service.app, { name: 'SIEM connector', accessLevel: 'full' });
    const dir = fs.mkdtempSync(path.join(service.dataDir, 'python-'));
    const script = path.join(dir, 'example.py');
    fs.writeFileSync(
      script,
      adaptedScript({ caPath: service.app.mdr.pki.caCertPath, apiUrl: `${service.url}/api/v1`, clientId: connection.clientId, refreshToken: connection.refreshToken }),
    );
    // Asynchronous on purpose: the service answers from this very process.
    const result = await promisify(execFile)(python!, [path.join(fixtures, 'run-recording-output.py'), script], { env: cleanEnv(), timeout: 60_000 });
    stdout = result.stdout;
    outputs = stdout
      .split('\n')
      .filter((line) => line.startsWith('JSON '))
      .map((line) => JSON.parse(line.slice(5)) as unknown);
    assert.match(stdout, /REFRESH_TOKEN is actual/);
    assert.match(stdout, /^SCRIPT COMPLETED$/m, `the script stopped early:\n${stdout}\n${result.stderr}`);
    assert.equal(outputs.length, 10, stdout);
  });

  test('every answer it printed is the right one', () => {
    assert.equal(outputs.length, 10, 'the script ran');
    const [count, list, details, incidentCount, incidentList, incidentDetails, responses, confirmed, declined, batch] = outputs as [
      { count: number },
      { asset_id: string; host_name: string; first_seen: number }[],
      Record<string, unknown>,
      { count: number },
      unknown[],
      Record<string, unknown>,
      { response_id: string; type: string; status: string; parameters: Record<string, unknown> }[],
      Record<string, unknown>,
      Record<string, unknown>,
      { response_id: string; status: string }[],
    ];
    const { db } = service.app.mdr;
    assert.equal(count.count, db.assets.count(null, { minLastSeen: 1639311132000, maxLastSeen: Date.now() }));
    assert.ok(count.count > 300);
    // Both hosts of host_names, with the interface 10.70.104.1 and "mdr" in the name, oldest first.
    assert.deepEqual(list.map((a) => a.asset_id), [EXAMPLE.assetId, EXAMPLE.otherHostAssetId]);
    assert.equal(details.asset_id, EXAMPLE.assetId);
    assert.equal(details.host_name, 'MA-MDR-KES-S');
    assert.equal(details.status, 'OK');
    assert.equal(details.is_isolated, false);
    assert.equal(incidentCount.count, 1, 'the open incident also affects the earlier installation of MA-MDR-KES-S');
    // The help filters by response type "hash", which no SOC response of this service has.
    assert.deepEqual(incidentList, []);
    assert.equal(incidentDetails.incident_id, EXAMPLE.incidentId);
    assert.match(String(incidentDetails.description), /<h2>Summary<\/h2>[\s\S]*<strong>PowerShell<\/strong>/);
    assert.ok((incidentDetails.affected_hosts as string[]).includes(`MA-MDR-KES-S:${EXAMPLE.previousAssetId}`));
    assert.deepEqual(responses.map((r) => [r.response_id, r.type, r.status]), [
      [EXAMPLE.responseId, 'isolate', 'Waiting'],
      [EXAMPLE.secondResponseId, 'quarantine_file', 'Waiting'],
    ]);
    const password = responses[0]!.parameters.password as { version: number; password: string; salt: string; derived_key: string };
    assert.equal(password.version, 1);
    assert.equal(crypto.pbkdf2Sync(password.password, Buffer.from(password.salt, 'hex'), 10_000, 32, 'sha256').toString('hex'), password.derived_key);
    assert.deepEqual([confirmed.response_id, confirmed.status, confirmed.comment, confirmed.changed_by], [EXAMPLE.responseId, 'Confirmed', 'comment_text', connection.name]);
    // Declining what was just confirmed is refused with a JSON error; nothing changes.
    assert.equal(declined.error, 'responseNotWaiting');
    // Confirming the list again confirms the second response; the first one stays confirmed.
    assert.deepEqual(batch.map((r) => [r.response_id, r.status]), [
      [EXAMPLE.responseId, 'Confirmed'],
      [EXAMPLE.secondResponseId, 'Confirmed'],
    ]);
    assert.equal(db.responses.get(EXAMPLE.responseId)!.status, 'confirmed');
    assert.equal(db.responses.get(EXAMPLE.secondResponseId)!.status, 'confirmed');
    const decisions = db.history.listByIncident(EXAMPLE.incidentId, 'response').filter((h) => h.actor === connection.name);
    assert.equal(decisions.length, 2, 'one history entry per real change');
  });

  test("the same filters without the help's response type find the closed incident, as HTML", async () => {
    const tokens = /Your new REFRESH_TOKEN[^"]*"([^"]+)"/.exec(stdout);
    assert.ok(tokens, 'the script printed the next refresh token');
    // The refresh token the script was told to keep is the one that works next.
    const next = await httpsJson<{ access_token: string }>(`${service.url}/api/v1/${connection.clientId}/session/confirm`, {
      ca: service.ca,
      json: { refresh_token: tokens[1] },
    });
    assert.equal(next.status, 200);
    const list = await httpsJson<{ incident_id: string; description: string; resolution: string }[]>(`${service.url}/api/v1/${connection.clientId}/incidents/list`, {
      ca: service.ca,
      headers: { authorization: `Bearer ${next.body.access_token}` },
      json: {
        max_creation_time: Date.now(),
        min_creation_time: 1639311132000,
        asset_ids: [EXAMPLE.assetId],
        priorities: ['HIGH'],
        resolutions: ['True positive'],
        response_statuses: ['Confirmed'],
        statuses: ['Closed'],
        markdown_to_html: true,
        sort: 'creation_time:asc',
        page_size: 100,
        page: 1,
      },
    });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.map((i) => i.incident_id), [EXAMPLE.closedIncidentId]);
    assert.equal(list.body[0]!.resolution, 'True positive');
    assert.match(list.body[0]!.description, /^<h2>Summary<\/h2>/);
  });
});

describe("the help's shell (curl) examples", () => {
  test('each command runs as pasted, in order, and answers as the help describes', async () => {
    // npm test installs Debian's curl when it is missing (scripts/ensure-deps.mjs): never skipped.
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    // A service of its own: the Python example has already decided the responses in the other one.
    const shellService = await startTestService({ demo: { seed: 5, assets: 300 } });
    try {
      loadExampleData(shellService.app.mdr.db, Date.now());
      const connection = await createApiConnection(shellService.app, { name: 'Shell client', accessLevel: 'senior' });
      const commands = fs
        .readFileSync(path.join(fixtures, 'rest-api-example.sh'), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('curl '));
      assert.equal(commands.length, 10);
      const values: Record<string, string> = { client_id: connection.clientId, refresh_token: connection.refreshToken, access_token: '' };
      const answers: unknown[] = [];
      for (const command of commands) {
        const pasted = command
          .replaceAll('https://mdr.kaspersky.com', shellService.url)
          .replace(/\{(client_id|refresh_token|access_token)\}/g, (_, name: string) => values[name]!);
        // As a user runs it: the line through the shell; asynchronous because the service runs in this process.
        const { stdout } = await promisify(execFile)('bash', ['-c', pasted], { env: cleanEnv({ CURL_CA_BUNDLE: shellService.app.mdr.pki.caCertPath }), timeout: 30_000 });
        const answer = JSON.parse(stdout) as Record<string, unknown>;
        answers.push(answer);
        if (typeof answer.access_token === 'string') values.access_token = answer.access_token;
      }
      const [tokens, count, list, details, incidentCount, incidentList, incidentDetails, responses, updated, batch] = answers as Record<string, unknown>[];
      assert.equal(typeof tokens!.refresh_token, 'string');
      // The help's periods end before they start (max 2024-01-01, min 2024-01-09): nothing matches.
      assert.deepEqual(count, { count: 0 });
      assert.deepEqual(list, []);
      assert.equal(details!.asset_id, EXAMPLE.assetId);
      assert.deepEqual(incidentCount, { count: 0 });
      assert.deepEqual(incidentList, []);
      assert.equal(incidentDetails!.incident_id, EXAMPLE.incidentId);
      assert.equal((responses as unknown as unknown[]).length, 2);
      assert.deepEqual([updated!.response_id, updated!.status, updated!.changed_by], [EXAMPLE.responseId, 'Confirmed', 'Shell client']);
      assert.deepEqual((batch as unknown as { status: string }[]).map((r) => r.status), ['Confirmed', 'Confirmed']);
    } finally {
      await shellService.close();
    }
  });
});

describe('a connection made on the command line', () => {
  test('new-api-connection.ts prints a Client ID and refresh token that work against the running service', async () => {
    const tenant = service.app.mdr.db.tenants.list(null)[0]!;
    const script = path.join(fixtures, '..', '..', '..', 'host-shim', 'mdr-service', 'new-api-connection.ts');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, '--name', 'CLI connector', '--access', 'incident', '--tenant', tenant.id], {
      env: { ...process.env, MDR_DATA_DIR: service.dataDir },
      timeout: 60_000,
    });
    const value = (name: string) => new RegExp(`^${name} = "([^"]+)"$`, 'm').exec(stdout)?.[1];
    assert.equal(value('VERIFY_CERT_PATH'), service.app.mdr.pki.caCertPath);
    const clientId = value('CLIENT_ID')!;
    const answer = await httpsJson<{ access_token: string }>(`${service.url}/api/v1/${clientId}/session/confirm`, { ca: service.ca, json: { refresh_token: value('REFRESH_TOKEN') } });
    assert.equal(answer.status, 200);
    const count = await httpsJson<{ count: number }>(`${service.url}/api/v1/${clientId}/assets/count`, {
      ca: service.ca,
      headers: { authorization: `Bearer ${answer.body.access_token}` },
      json: {},
    });
    assert.equal(count.body.count, service.app.mdr.db.assets.count([tenant.id]));
    const connection = service.app.mdr.db.apiConnections.getByClientId(clientId)!;
    assert.deepEqual([connection.name, connection.accessLevel, connection.tenantIds], ['CLI connector', 'incident', [tenant.id]]);
  });
});
