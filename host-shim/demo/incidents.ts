/** Demo incidents with their responses, comments and history, as the SOC would have left them. */
import crypto from 'node:crypto';
import { RESPONSE_TYPES, type IncidentResolution, type IncidentStatus, type IsolationPassword, type MdrDatabase, type ResponseParametersByType, type ResponseStatus, type ResponseType } from '../mdr-service/db.ts';
import { CLIENT_COMMENTERS, COMMENT_TEMPLATES, INCIDENT_SCENARIOS, MALICIOUS_DOMAINS, SOC_ANALYSTS, USER_NAMES, type IncidentScenario } from './catalog.ts';
import { type DemoTenantIdentity } from './identities.ts';
import { Prng } from './prng.ts';
import type { SeedSummary } from '../mdr-service/context.ts';
import { customIncidentPeriodStart } from '../mdr-service/services/custom-incidents.ts';
import { DAY, HOUR, MINUTE, vendorId } from './common.ts';
import type { DemoAsset } from './assets.ts';

/** A few isolation passwords, computed once: PBKDF2 is deliberately slow (~3 ms each). */
function isolationPasswordPool(prng: Prng, size: number): IsolationPassword[] {
  return Array.from({ length: size }, () => {
    const password = prng.string('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789', 16);
    const salt = prng.hex(16);
    const derivedKey = crypto.pbkdf2Sync(password, Buffer.from(salt, 'hex'), 10_000, 32, 'sha256').toString('hex');
    return { version: 1 as const, password, salt, derivedKey };
  });
}

interface Fill {
  host: string;
  user: string;
  file: string;
  ip: string;
  domain: string;
  sha256: string;
  md5: string;
}

function fill(text: string, values: Fill): string {
  return text.replace(/\{(host|user|file|ip|domain|sha256|md5)\}/g, (_, key: keyof Fill) => values[key]);
}

function incidentDescription(scenario: IncidentScenario, values: Fill, hosts: string[]): string {
  const lines = [
    '## Summary',
    '',
    fill(scenario.narrative, values),
    '',
    '## Affected hosts',
    '',
    ...hosts.map((host) => `- \`${host}\``),
    '',
    '## Indicators',
    '',
    '| Type | Value |',
    '| --- | --- |',
    `| SHA256 | \`${values.sha256}\` |`,
    ...(scenario.files.length ? [`| File | \`${values.file}\` |`] : []),
    ...(scenario.networkIoc ? [`| Domain | \`${values.domain}\` |`, `| IP | \`${values.ip}\` |`] : []),
    '',
    '## Recommendations',
    '',
    ...scenario.recommendations.map((r, i) => `${i + 1}. ${fill(r, values)}`),
  ];
  return lines.join('\n');
}

function responseParameters(prng: Prng, type: ResponseType, values: Fill, passwords: IsolationPassword[], isolationTasks: Map<string, string>, assetId: string): ResponseParametersByType[ResponseType] {
  switch (type) {
    case 'get_file':
      return { path: values.file, maxFileSizeMb: prng.pick([2, 5, 10, 10]) } satisfies ResponseParametersByType['get_file'];
    case 'isolate': {
      const taskId = prng.uuid();
      isolationTasks.set(assetId, taskId);
      return {
        password: prng.pick(passwords),
        taskId,
        termSeconds: prng.pick([604_800, 604_800, 86_400, 259_200, 2_678_400]),
        exclusionRules: prng.chance(0.6)
          ? [
              { direction: 'Both', protocol: 6, remotePorts: { from: 443, to: 443 }, remoteIpv4: '10.0.0.5/32' },
              ...(prng.chance(0.4) ? [{ direction: 'Outbound' as const, protocol: 17, remotePorts: { from: 53, to: 53 } }] : []),
              ...(prng.chance(0.3) ? [{ direction: 'Inbound' as const, image: { path: 'C:\\Program Files (x86)\\Kaspersky Lab\\NetworkAgent\\klnagent.exe' } }] : []),
            ]
          : [],
      } satisfies ResponseParametersByType['isolate'];
    }
    case 'disable_isolation': {
      const taskId = isolationTasks.get(assetId);
      return (taskId ? { taskId } : {}) satisfies ResponseParametersByType['disable_isolation'];
    }
    case 'delete_registry_key':
      return prng.chance(0.5)
        ? { keyPath: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', value: prng.pick(['OneDriveUpdate', 'SearchHelper', 'svcupd']) }
        : { keyPath: `HKEY_USERS\\S-1-5-21-${prng.int(1e8, 9e8)}-${prng.int(1e8, 9e8)}-${prng.int(1000, 9999)}\\Software\\Classes\\ms-settings\\shell\\open\\command` };
    case 'memory_dump':
      return prng.chance(0.4)
        ? { dumpType: 'full', maxSizeMb: 100 }
        : {
            dumpType: 'process',
            maxSizeMb: prng.pick([100, 200, 500]),
            process: { pid: prng.int(300, 30_000), image: { path: 'C:\\Windows\\System32\\rundll32.exe', sha256: values.sha256, md5: values.md5 } },
            maxProcesses: prng.pick([1, 1, 5, 10]),
          };
    case 'terminate_process':
      return prng.chance(0.5)
        ? { pid: prng.int(300, 30_000), image: { path: values.file || 'C:\\Windows\\Temp\\svchost.exe', sha256: values.sha256 } }
        : { name: (values.file || 'C:\\Windows\\Temp\\svchost.exe').split(/[\\/]/).pop()! };
    case 'run_script':
      return {
        interpreter: 'powershell',
        description: 'Collect autoruns, running processes and recent PowerShell history for the investigation.',
        script: [
          '$out = "C:\\ProgramData\\MDR\\triage"',
          'New-Item -ItemType Directory -Force -Path $out | Out-Null',
          'Get-Process | Select-Object Id, ProcessName, Path | Export-Csv "$out\\processes.csv" -NoTypeInformation',
          'Get-CimInstance Win32_StartupCommand | Export-Csv "$out\\autoruns.csv" -NoTypeInformation',
        ].join('\n'),
      };
    case 'quarantine_file':
    case 'restore_file':
      return prng.chance(0.5) ? { path: values.file, sha256: values.sha256 } : { path: values.file, md5: values.md5 };
  }
}

function incidentStatusFor(prng: Prng, ageDays: number): IncidentStatus {
  if (ageDays < 3) return prng.weighted<IncidentStatus>([['open', 70], ['onHold', 10], ['resolved', 15], ['closed', 5]]);
  if (ageDays < 30) return prng.weighted<IncidentStatus>([['open', 25], ['onHold', 8], ['resolved', 27], ['closed', 40]]);
  return prng.weighted<IncidentStatus>([['open', 3], ['onHold', 2], ['resolved', 15], ['closed', 80]]);
}

function responseStatusFor(prng: Prng, incidentStatus: IncidentStatus): ResponseStatus {
  if (incidentStatus === 'open' || incidentStatus === 'onHold') {
    return prng.weighted<ResponseStatus>([['waiting', 50], ['confirmed', 12], ['inProgress', 10], ['completed', 18], ['declined', 6], ['failed', 4]]);
  }
  return prng.weighted<ResponseStatus>([['completed', 70], ['declined', 15], ['failed', 6], ['confirmed', 9]]);
}

export function writeIncidents(
  db: MdrDatabase,
  prng: Prng,
  assets: DemoAsset[],
  tenants: DemoTenantIdentity[],
  count: number,
  now: number,
): Pick<SeedSummary, 'incidents' | 'responses' | 'comments' | 'historyEntries'> {
  const result = { incidents: 0, responses: 0, comments: 0, historyEntries: 0 };
  if (assets.length === 0 || count <= 0) return result;
  const byTenant = new Map<number, DemoAsset[]>();
  for (const asset of assets) {
    const list = byTenant.get(asset.identity.tenantIndex);
    if (list) list.push(asset);
    else byTenant.set(asset.identity.tenantIndex, [asset]);
  }
  const passwords = isolationPasswordPool(prng.fork('passwords'), 24);
  // Creation times skewed towards the recent past; sorted so numbers follow creation order.
  const periodStart = customIncidentPeriodStart(now);
  const created = Array.from({ length: count }, () => now - Math.floor(Math.pow(prng.next(), 2) * 365 * DAY) - prng.int(0, HOUR));
  created.sort((a, b) => a - b);
  // Three client-created incidents in the current period, so the custom-incident allowance shows usage.
  const customIndexes = new Set<number>();
  if (count >= 10) {
    for (let k = 0; k < 3; k++) {
      const index = count - 1 - k * 2;
      created[index] = periodStart + Math.floor(((now - periodStart) * (k + 1)) / 4);
      customIndexes.add(index);
    }
    created.sort((a, b) => a - b);
  }
  const pendingTypes: ResponseType[] = [...RESPONSE_TYPES];
  const isolationTasks = new Map<string, string>();

  for (let index = 0; index < count; index++) {
    const createdAt = created[index]!;
    const first = prng.pick(assets);
    const sameTenant = byTenant.get(first.identity.tenantIndex)!;
    // Drawn with replacement (copying a 100,000-element list per incident would be slow); duplicates are dropped.
    const extra = Array.from({ length: prng.weighted([[0, 70], [1, 20], [2, 10]]) }, () => prng.pick(sameTenant));
    const affected = [first, ...extra].filter(
      (asset, i, list) => list.findIndex((a) => a.identity.id === asset.identity.id) === i,
    );
    const scenario = prng.pick(INCIDENT_SCENARIOS);
    const isCustom = customIndexes.has(index) || prng.chance(0.01);
    const ageDays = (now - createdAt) / DAY;
    const status = incidentStatusFor(prng, ageDays);
    const resolution: IncidentResolution | null =
      status === 'closed' || status === 'resolved'
        ? prng.weighted<IncidentResolution>([['truePositive', 55], ['falsePositive', 33], ['notAffected', 9], ['duplicate', 3]])
        : null;
    const updated = Math.min(now, createdAt + prng.int(5 * MINUTE, Math.max(5 * MINUTE, Math.min(14 * DAY, now - createdAt))));
    const host = first.identity.hostName;
    const isLinux = first.identity.osFamily === 'linux' || first.identity.osFamily === 'mac';
    const values: Fill = {
      host,
      user: prng.pick(USER_NAMES),
      file: '',
      ip: `${prng.pick([45, 91, 185, 193, 203])}.${prng.int(1, 254)}.${prng.int(1, 254)}.${prng.int(1, 254)}`,
      domain: prng.pick(MALICIOUS_DOMAINS),
      sha256: prng.hex(32),
      md5: prng.hex(16),
    };
    const files = scenario.files.filter((f) => (isLinux ? f.startsWith('/') : !f.startsWith('/')));
    values.file = files.length ? fill(prng.pick(files), values) : isLinux ? '/tmp/.cache/agent' : `C:\\Users\\${values.user}\\AppData\\Local\\Temp\\payload.exe`;
    const id = vendorId(prng);
    const priority = prng.weighted(scenario.priorities);
    const tenantId = first.identity.tenantIndex >= 0 ? tenants[first.identity.tenantIndex]!.id : null;
    db.incidents.insert({
      id,
      number: index + 1,
      tenantId,
      summary: fill(scenario.summary, values),
      description: incidentDescription(scenario, values, affected.map((a) => a.identity.hostName)),
      priority,
      status,
      resolution,
      mitreTactics: scenario.tactics,
      mitreTechniques: scenario.techniques,
      detectionTechnology: isCustom ? 'custom' : scenario.detection,
      assetIocs: [
        { type: 'sha256', value: values.sha256, assetId: first.identity.id },
        { type: 'md5', value: values.md5, assetId: first.identity.id },
        ...(scenario.files.length ? [{ type: 'filePath' as const, value: values.file, assetId: first.identity.id }] : []),
      ],
      networkIocs: scenario.networkIoc ? [{ type: 'domain', value: values.domain }, { type: 'ipv4', value: values.ip }] : [],
      isCustom,
      created: createdAt,
      updated,
      affectedAssetIds: affected.map((a) => a.identity.id),
    });
    const history = (category: 'incident' | 'response' | 'communication', what: string, at: number, actor: string | null, details: Record<string, unknown> = {}) => {
      db.history.insert({ incidentId: id, category, what, details, actor, created: Math.min(Math.max(at, createdAt), updated) });
      result.historyEntries++;
    };
    history('incident', 'incidentCreated', createdAt, isCustom ? prng.pick(CLIENT_COMMENTERS) : prng.pick(SOC_ANALYSTS), { priority });
    result.incidents++;

    // Responses proposed by the SOC.
    const responseCount = prng.weighted([[0, 28], [1, 36], [2, 21], [3, 10], [4, 5]]);
    let isolatedTask = false;
    for (let r = 0; r < responseCount; r++) {
      const type: ResponseType = pendingTypes.length > 0 && (index < 30 || prng.chance(0.3)) ? pendingTypes.shift()! : prng.pick(scenario.responses);
      const target = prng.pick(affected);
      const responseStatus = responseStatusFor(prng, status);
      const responseCreated = Math.min(updated, createdAt + prng.int(10 * MINUTE, 12 * HOUR));
      const decided = responseStatus !== 'waiting';
      const responseUpdated = decided ? Math.min(updated, responseCreated + prng.int(5 * MINUTE, 6 * HOUR)) : responseCreated;
      const responseId = vendorId(prng);
      db.responses.insert({
        id: responseId,
        incidentId: id,
        assetId: target.identity.id,
        type,
        parameters: responseParameters(prng, type, values, passwords, isolationTasks, target.identity.id),
        status: responseStatus,
        comment: responseStatus === 'declined' ? 'The host is business-critical; we will handle this manually.' : decided && prng.chance(0.3) ? 'Approved.' : null,
        changedBy: decided ? prng.pick(CLIENT_COMMENTERS) : prng.pick(SOC_ANALYSTS),
        created: responseCreated,
        updated: responseUpdated,
      });
      result.responses++;
      history('response', 'responseCreated', responseCreated, prng.pick(SOC_ANALYSTS), { responseId, type });
      if (decided) {
        history('response', responseStatus === 'declined' ? 'responseDeclined' : 'responseConfirmed', responseUpdated, prng.pick(CLIENT_COMMENTERS), { responseId, type });
      }
      if (type === 'isolate' && (responseStatus === 'completed' || responseStatus === 'inProgress')) {
        if (status === 'open' || status === 'onHold') {
          if (target.status !== 'absent') db.assets.updateState(target.identity.id, { isolated: true });
        } else isolatedTask = true;
      }
    }
    if (isolatedTask) {
      // The incident is over: isolation was lifted afterwards.
      const target = affected[0]!;
      db.responses.insert({
        id: vendorId(prng),
        incidentId: id,
        assetId: target.identity.id,
        type: 'disable_isolation',
        parameters: responseParameters(prng, 'disable_isolation', values, passwords, isolationTasks, target.identity.id),
        status: 'completed',
        comment: null,
        changedBy: prng.pick(CLIENT_COMMENTERS),
        created: updated,
        updated,
      });
      result.responses++;
    }

    // Communication.
    const commentCount = prng.weighted([[0, 35], [1, 30], [2, 20], [3, 10], [4, 5]]);
    for (let c = 0; c < commentCount; c++) {
      const fromSoc = c % 2 === 0;
      const at = Math.min(updated, createdAt + prng.int(15 * MINUTE, 3 * DAY));
      const authorName = fromSoc ? prng.pick(SOC_ANALYSTS) : prng.pick(CLIENT_COMMENTERS);
      db.comments.insert({
        id: vendorId(prng),
        incidentId: id,
        authorName,
        text: fill(prng.pick(fromSoc ? COMMENT_TEMPLATES.soc : COMMENT_TEMPLATES.client), values),
        created: at,
      });
      result.comments++;
      history('communication', 'commentAdded', at, authorName);
    }
    if (status !== 'open') history('incident', 'statusChanged', updated, prng.pick(SOC_ANALYSTS), { status, resolution });
  }
  return result;
}
