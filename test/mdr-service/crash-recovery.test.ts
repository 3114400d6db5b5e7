import assert from 'node:assert/strict';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openMdrDatabase } from '../../host-shim/mdr-service/db.ts';
import { httpsJson, tempDataDir } from '../support/mdr-service.ts';
import { TokenService } from '../../host-shim/mdr-service/tokens.ts';
import { freePort, getStatus, startNode, waitFor } from '../support/system.ts';

/**
 * The MDR service as its own process, killed with SIGKILL in the middle of a burst of writes from
 * 20 concurrent REST clients: after a restart every write it acknowledged (HTTP 200) is there and the
 * database passes SQLite's integrity check.
 */
describe('the MDR service killed during a burst of writes', () => {
  let dataDir: string;
  let port: number;
  let service: ReturnType<typeof startNode>;
  let ca: Buffer;

  const url = () => `https://127.0.0.1:${port}`;

  async function startService(): Promise<void> {
    service = startNode('host-shim/mdr-service/main.ts', {
      cwd: dataDir,
      env: { MDR_DATA_DIR: dataDir, MDR_SERVICE_PORT: String(port), MDR_DEMO_ASSETS: '50', MDR_SERVICE_LOG: '0' },
    });
    await waitFor(async () => fs.existsSync(path.join(dataDir, 'mdr-ca.pem')) && (await getStatus(`${url()}/console/v1/health`, fs.readFileSync(path.join(dataDir, 'mdr-ca.pem')))) === 200, 'MDR service');
    ca = fs.readFileSync(path.join(dataDir, 'mdr-ca.pem'));
  }

  before(async () => {
    dataDir = tempDataDir('mdr-crash-');
    port = await freePort();
    await startService();
  });

  after(async () => {
    if (service.exitCode === null && service.signalCode === null) service.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged comment after SIGKILL and restart', async (t) => {
    // An API connection created beside the running service, as the console's API tab would.
    const db = openMdrDatabase({ dir: dataDir });
    const tokens = await TokenService.create(db, dataDir, Date.now);
    const tenantIds = [...db.tenants.list(null).map((tenant) => tenant.id), 'root'];
    const connection = db.apiConnections.insert({ id: 'conn-crash', clientId: 'clientcrash001', name: 'Crash test', accessLevel: 'full', tenantIds, created: Date.now(), createdBy: 'admin' });
    const incidentId = db.incidents.list(null, { pageSize: 1 }).items[0]!.id;
    const { refreshToken } = await tokens.issueConsoleRefreshToken(connection.id);
    db.close();

    const confirmed = await httpsJson<{ access_token: string }>(`${url()}/api/v1/${connection.clientId}/session/confirm`, { ca, json: { refresh_token: refreshToken } });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    const token = confirmed.body.access_token;

    const acknowledged: string[] = [];
    let refused = 0;
    let killed = false;
    const writer = async (client: number) => {
      for (let i = 0; !killed; i++) {
        const text = `burst ${client}-${i}`;
        try {
          const response = await httpsJson<{ comment_id?: string; id?: string }>(`${url()}/api/v1/${connection.clientId}/comment/create`, {
            ca,
            json: { incident_id: incidentId, text },
            headers: { authorization: `Bearer ${token}` },
          });
          if (response.status === 200) acknowledged.push(text);
          else refused++;
        } catch {
          return; // the connection died with the process: this write was never acknowledged
        }
      }
    };
    const writers = Array.from({ length: 20 }, (_, client) => writer(client));
    await waitFor(async () => acknowledged.length >= 300, 'the first 300 acknowledged writes', 60_000);
    killed = true;
    service.kill('SIGKILL');
    await Promise.all(writers);
    if (service.exitCode === null && service.signalCode === null) await once(service, 'exit');
    assert.equal(service.signalCode, 'SIGKILL');
    assert.equal(refused, 0, 'no write was refused before the kill');

    await startService();
    const check = new Database(path.join(dataDir, 'mdr.db'), { readonly: true });
    try {
      assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
      assert.deepEqual(check.pragma('foreign_key_check'), []);
      const stored = new Set(check.prepare('SELECT text FROM comments WHERE incident_id = ?').pluck().all(incidentId) as string[]);
      const lost = acknowledged.filter((text) => !stored.has(text));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged writes lost`);
      t.diagnostic(`${acknowledged.length} writes acknowledged before SIGKILL, all ${acknowledged.length} there after the restart`);
    } finally {
      check.close();
    }
    const list = await httpsJson<unknown[]>(`${url()}/api/v1/${connection.clientId}/comments/list`, { ca, json: { incident_id: incidentId }, headers: { authorization: `Bearer ${token}` } });
    assert.equal(list.status, 200, 'the service answers after the restart, with the same token');
    assert.ok(list.body.length >= acknowledged.length);
  });
});
