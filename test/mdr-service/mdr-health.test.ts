import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { csvField } from '../../host-shim/common/csv.ts';
import { httpsJson, serviceForSuite } from '../support/mdr-service.ts';
import { generateConsoleDevices } from '../../host-shim/demo/console-devices.ts';
import { startConsole, signInAs } from '../support/console-fixture.ts';

interface HealthPage {
  items: { id: string; hostName: string; status: string; lastSeen: string; telemetryLoss: boolean; problems: { code: string }[] }[];
  total: number;
  page: number;
  pageSize: number;
}

describe('CSV fields', () => {
  test('neutralize formula starts and quote separators', () => {
    assert.equal(csvField('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    for (const start of ['+', '-', '@']) assert.equal(csvField(`${start}cmd`), `'${start}cmd`);
    assert.equal(csvField('\tcmd'), "'\tcmd");
    assert.equal(csvField('\rcmd'), `"'\rcmd"`);
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField(-5), '-5');
    assert.equal(csvField('plain'), 'plain');
  });
});

describe('MDR service: all assets ever seen', () => {
  const service = serviceForSuite({ demo: { seed: 3, assets: 400 } });
  const get = <T>(path: string, rights?: string[]) => httpsJson<T>(`${service.url}/console/v1${path}`, { ca: service.ca, headers: service.consoleHeaders(rights) });

  test('pages, and the total matches the status filter', async () => {
    const all = await get<HealthPage>('/health/assets?pageSize=10');
    assert.equal(all.status, 200);
    assert.equal(all.body.items.length, 10);
    const critical = await get<HealthPage>('/health/assets?statuses=critical&pageSize=500');
    assert.ok(critical.body.total > 0 && critical.body.total < all.body.total);
    assert.equal(critical.body.items.length, critical.body.total);
    assert.ok(critical.body.items.every((item) => item.status === 'critical'));
    const db = service.app.mdr.db;
    assert.equal(critical.body.total, db.assets.count(null, { statuses: ['critical'] }));
  });

  test('sorts by last seen descending and filters the last-seen period', async () => {
    const page = await get<HealthPage>('/health/assets?sort=lastSeen&direction=desc&pageSize=50');
    const times = page.body.items.map((item) => Date.parse(item.lastSeen));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    const from = times[10]!;
    const recent = await get<HealthPage>(`/health/assets?lastSeenFrom=${from}&pageSize=500`);
    assert.ok(recent.body.total >= 11);
    assert.ok(recent.body.items.every((item) => Date.parse(item.lastSeen) >= from));
  });

  test('searches a substring anywhere in the name, case-insensitively', async () => {
    const first = (await get<HealthPage>('/health/assets?pageSize=1')).body.items[0]!;
    const middle = first.hostName.slice(2, 6).toUpperCase();
    const found = await get<HealthPage>(`/health/assets?search=${encodeURIComponent(middle)}&pageSize=500`);
    assert.ok(found.body.items.some((item) => item.id === first.id));
    assert.ok(found.body.items.every((item) => item.hostName.toUpperCase().includes(middle)));
  });

  test('refuses bad query values with the field', async () => {
    const bad = await get<{ error: string; field: string }>('/health/assets?statuses=broken');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'statuses');
    const reversed = await get<{ error: string; field: string }>('/health/assets?lastSeenFrom=100&lastSeenTo=50');
    assert.equal(reversed.status, 400);
    assert.equal(reversed.body.field, 'lastSeenTo');
  });

  test('exports the filtered list as CSV with one line per asset, formulas neutralized', async () => {
    const db = service.app.mdr.db;
    const victim = db.assets.list(null, { pageSize: 1 }).items[0]!;
    const writer = new Database(db.file);
    try {
      writer.prepare('UPDATE assets SET host_name = ? WHERE id = ?').run('=cmd|evil', victim.id);
    } finally {
      writer.close();
    }
    const csv = await get<string>('/health/assets/export?statuses=ok,warning,critical,absent&sort=hostName');
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="mdr-assets-/);
    const lines = csv.body.split('\r\n').filter(Boolean);
    assert.equal(lines.length, 1 + db.assets.count(null, {}));
    assert.ok(lines.some((line) => line.startsWith("'=cmd|evil,")));
    assert.ok(!lines.some((line) => line.startsWith('=')));
    const filtered = await get<string>('/health/assets/export?statuses=critical');
    assert.equal(filtered.body.split('\r\n').filter(Boolean).length, 1 + db.assets.count(null, { statuses: ['critical'] }));
  });

  test('keeps to the console tenant scope', async () => {
    const db = service.app.mdr.db;
    const tenant = db.tenants.list(null)[0]!;
    const organization = db.organization.require();
    db.organization.update({ consoleTenantScope: [tenant.id] }, organization.version);
    try {
      const page = await get<HealthPage>('/health/assets?pageSize=500');
      assert.equal(page.body.total, db.assets.count([tenant.id], {}));
      const csv = await get<string>('/health/assets/export');
      assert.equal(csv.body.split('\r\n').filter(Boolean).length, 1 + page.body.total);
    } finally {
      db.organization.update({ consoleTenantScope: null }, db.organization.require().version);
    }
  });

  test('needs Incident access', async () => {
    const denied = await get<{ error: string; missingRights: string[] }>('/health/assets', ['tenantManagement']);
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.body.missingRights, ['incidentAccess']);
  });
});

describe('console server: malfunctioning assets from the device inventory', () => {
  let consoleServer: Awaited<ReturnType<typeof startConsole>>;
  let admin: Awaited<ReturnType<typeof signInAs>>;
  const devices = generateConsoleDevices(5, 600, { activated: true });
  const unlinked = devices.filter((device) => device.mdrAssetId === null);

  before(async () => {
    consoleServer = await startConsole();
    consoleServer.database.devices.insertMany(devices);
    admin = await signInAs(consoleServer.app, 'admin');
  });
  after(() => consoleServer.close());

  const get = (url: string, session = admin) => consoleServer.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

  test('lists only devices that never sent telemetry; the count matches the state filter', async () => {
    const all = await get('/api/plugins/mdr/health/devices?pageSize=500');
    assert.equal(all.statusCode, 200);
    const body = all.json() as { items: { id: string; mdrState: string; criticalComponents: { name: string; indication: string }[] }[]; total: number };
    assert.equal(body.total, unlinked.length);
    const noLicense = get('/api/plugins/mdr/health/devices?states=noLicense&pageSize=500');
    const filtered = (await noLicense).json() as typeof body;
    assert.equal(filtered.total, unlinked.filter((d) => d.mdrState === 'noLicense').length);
    assert.ok(filtered.items.every((item) => item.mdrState === 'noLicense'));
    // The MDR component itself is a critical component: No license is red.
    assert.ok(
      filtered.items.every((item) => item.criticalComponents.some((c) => c.name === 'Managed Detection and Response' && c.indication === 'red')),
    );
    const paused = body.items.filter((item) => item.mdrState === 'paused');
    assert.ok(paused.every((item) => item.criticalComponents.some((c) => c.name === 'Managed Detection and Response' && c.indication === 'yellow')));
    const running = body.items.filter((item) => item.mdrState === 'running');
    assert.ok(running.every((item) => !item.criticalComponents.some((c) => c.name === 'Managed Detection and Response')), 'running components are not listed');
    const withoutSelfDefense = unlinked.find((d) => !d.selfDefense);
    if (withoutSelfDefense) {
      const item = body.items.find((i) => i.id === withoutSelfDefense.id)!;
      assert.ok(item.criticalComponents.some((c) => c.name === 'selfDefense' && c.indication === 'red'));
    }
    assert.ok(body.items.every((item) => item.criticalComponents.every((c) => c.indication === 'red' || c.indication === 'yellow')));
  });

  test('shows a device with every component, and refuses bad filters', async () => {
    const device = unlinked[0]!;
    const details = await get(`/api/plugins/mdr/health/devices/${device.id}`);
    assert.equal(details.statusCode, 200);
    const body = details.json() as { applications: { components: unknown[] }[] };
    assert.equal(
      body.applications.flatMap((a) => a.components).length,
      device.applications.flatMap((a) => a.components).length,
    );
    assert.equal((await get('/api/plugins/mdr/health/devices/unknown-device')).statusCode, 404);
    const bad = await get('/api/plugins/mdr/health/devices?states=sleeping');
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json(), { error: 'validation', field: 'states', rule: 'unknownState' });
  });

  test('exports the filtered list as CSV', async () => {
    const csv = await get('/api/plugins/mdr/health/devices/export?states=failed,stopped');
    assert.equal(csv.statusCode, 200);
    const lines = csv.body.split('\r\n').filter(Boolean);
    assert.equal(lines.length, 1 + unlinked.filter((d) => d.mdrState === 'failed' || d.mdrState === 'stopped').length);
    assert.match(lines[0]!, /Asset name/);
  });

  test('every new route answers 403 to a user without its right', async () => {
    const guest = await signInAs(consoleServer.app, 'guest');
    const officer = await signInAs(consoleServer.app, 'officer');
    const incidentRoutes = [
      ['GET', '/api/plugins/mdr/health/assets'],
      ['GET', '/api/plugins/mdr/health/assets/export'],
      ['GET', '/api/plugins/mdr/health/devices'],
      ['GET', '/api/plugins/mdr/health/devices/export'],
      ['GET', `/api/plugins/mdr/health/devices/${unlinked[0]!.id}`],
      ['GET', '/api/plugins/mdr/configuration-file'],
    ] as const;
    const integrationRoutes = [
      ['POST', '/api/plugins/mdr/activation'],
      ['POST', '/api/plugins/mdr/activation/sign-in'],
      ['POST', '/api/plugins/mdr/activation/check-code'],
      ['GET', '/api/plugins/mdr/activation/agreements?region=europe'],
      ['POST', '/api/plugins/mdr/activation/code'],
      ['POST', '/api/plugins/mdr/terms/revoke'],
      ['POST', '/api/plugins/mdr/ksn/update'],
    ] as const;
    const call = (method: string, url: string, session: typeof guest) =>
      consoleServer.app.inject({
        method: method as 'GET',
        url,
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
        payload: method === 'GET' ? undefined : '{}',
      });
    for (const [method, url] of incidentRoutes) {
      const response = await call(method, url, guest);
      assert.equal(response.statusCode, 403, `${method} ${url}`);
      assert.deepEqual((response.json() as { missingRights: string[] }).missingRights, ['incidentAccess']);
    }
    for (const [method, url] of integrationRoutes) {
      const response = await call(method, url, officer);
      assert.equal(response.statusCode, 403, `${method} ${url}`);
      assert.deepEqual((response.json() as { missingRights: string[] }).missingRights, ['applicationIntegration']);
    }
  });
});
