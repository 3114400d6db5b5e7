/**
 * Times the public REST API's count and list calls against a service holding 100,000 assets and
 * 10,000 incidents (the demo generator's largest size), over HTTPS with a keep-alive connection,
 * the way an integration pages through the data. Prints one Markdown table (median, p95, max).
 *
 *   node --import tsx test/bench/rest-api-lists.ts [assets=100000] [runs=25]
 */
import fs from 'node:fs';
import https from 'node:https';
import { buildMdrService } from '../../host-shim/mdr-service/app.ts';
import { createApiConnection, tempDataDir } from '../support/mdr-service.ts';
import { demoSeed } from '../../host-shim/demo/generate.ts';

const assets = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 25);

const dataDir = tempDataDir('mdr-bench-');
const started = performance.now();
const app = await buildMdrService({ dataDir, seed: demoSeed({ seed: 1, assets }) });
const loadMs = performance.now() - started;
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no address');
const ca = fs.readFileSync(app.mdr.pki.caCertPath);
const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca });

function post(url: string, body: unknown, token?: string): Promise<{ status: number; bytes: number; json: unknown }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': payload.length, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks);
          resolve({ status: response.statusCode ?? 0, bytes: text.length, json: JSON.parse(text.toString('utf8')) });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

const base = `https://127.0.0.1:${address.port}/api/v1`;
async function session(tenantIds: string[] = []): Promise<{ clientId: string; access: string }> {
  const connection = await createApiConnection(app, { accessLevel: 'full', tenantIds });
  const answer = (await post(`${base}/${connection.clientId}/session/confirm`, { refresh_token: connection.refreshToken })).json as { access_token: string };
  return { clientId: connection.clientId, access: answer.access_token };
}
const all = await session();
const tenant = app.mdr.db.tenants.list(null)[0]!;
const oneTenant = await session([tenant.id]);
const incident = app.mdr.db.incidents.list(null, { responseStatuses: ['waiting'], pageSize: 1 }).items[0]!;
const now = Date.now();
const lastPage = Math.ceil(assets / 100);

const cases: [string, typeof all, string, Record<string, unknown>][] = [
  ['assets/count, no filter', all, 'assets/count', {}],
  ["assets/count, the help's body (last seen period)", all, 'assets/count', { max_last_seen: now, min_last_seen: 1639311132000 }],
  ['assets/list first_seen:asc, page 1 × 100', all, 'assets/list', { sort: 'first_seen:asc', page: 1, page_size: 100, version: 2 }],
  [`assets/list first_seen:asc, page ${lastPage / 2} × 100`, all, 'assets/list', { sort: 'first_seen:asc', page: lastPage / 2, page_size: 100 }],
  [`assets/list first_seen:asc, last page (${lastPage}) × 100`, all, 'assets/list', { sort: 'first_seen:asc', page: lastPage, page_size: 100 }],
  [`assets/list host_name:desc, last page × 100`, all, 'assets/list', { sort: 'host_name:desc', page: lastPage, page_size: 100 }],
  ['assets/list first_seen:asc, page 1 × 1000', all, 'assets/list', { sort: 'first_seen:asc', page: 1, page_size: 1000 }],
  ['assets/list WARNING+CRITICAL, last_seen:desc × 100', all, 'assets/list', { statuses: ['WARNING', 'CRITICAL'], sort: 'last_seen:desc', page_size: 100 }],
  ['assets/list search_phrase "srv" × 100', all, 'assets/list', { search_phrase: 'srv', sort: 'first_seen:asc', page_size: 100 }],
  ['assets/list os_version "Windows" + product × 100', all, 'assets/list', { os_version: 'Windows', product: 'Endpoint Security', sort: 'first_seen:asc', page_size: 100 }],
  ['assets/list one tenant, first_seen:asc × 100', oneTenant, 'assets/list', { sort: 'first_seen:asc', page: 2, page_size: 100 }],
  ['incidents/count, update period', all, 'incidents/count', { max_update_time: now, min_update_time: 1639311132000 }],
  ['incidents/list creation_time:asc, page 1 × 100, HTML', all, 'incidents/list', { sort: 'creation_time:asc', page: 1, page_size: 100, markdown_to_html: true }],
  ['incidents/list creation_time:asc, last page × 100, Markdown', all, 'incidents/list', { sort: 'creation_time:asc', page: 100, page_size: 100 }],
  ['incidents/list HIGH + Closed + True positive × 100', all, 'incidents/list', { priorities: ['HIGH'], statuses: ['Closed'], resolutions: ['True positive'], sort: 'creation_time:asc', page_size: 100 }],
  ['incidents/list response_statuses Waiting × 100', all, 'incidents/list', { response_statuses: ['Waiting'], sort: 'creation_time:asc', page_size: 100 }],
  ['responses/list of one incident', all, 'responses/list', { incident_id: incident.id, page_size: 10, page: 1 }],
];

const rows: string[] = [];
for (const [label, caller, route, body] of cases) {
  const url = `${base}/${caller.clientId}/${route}`;
  let bytes = 0;
  for (let i = 0; i < 3; i++) await post(url, body, caller.access);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const answer = await post(url, body, caller.access);
    times.push(performance.now() - t0);
    if (answer.status !== 200) throw new Error(`${label}: ${answer.status} ${JSON.stringify(answer.json)}`);
    bytes = answer.bytes;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  rows.push(`| ${label} | ${at(0.5)} | ${at(0.95)} | ${times.at(-1)!.toFixed(1)} | ${(bytes / 1024).toFixed(0)} |`);
}

console.log(`\n${assets.toLocaleString('en')} assets, ${app.mdr.demo?.incidents.toLocaleString('en')} incidents; demo data loaded in ${(loadMs / 1000).toFixed(1)} s; ${runs} runs per call, HTTPS keep-alive, one client\n`);
console.log('| call | median ms | p95 ms | max ms | answer KiB |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
agent.destroy();
await app.close();
fs.rmSync(dataDir, { recursive: true, force: true });
