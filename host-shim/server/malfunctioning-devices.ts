import { Readable } from 'node:stream';
import { attachment, CSV_BOM, csvLine } from '../common/csv.ts';
import { pluginString } from '../common/plugin-strings.ts';
import { DeviceRepository, MALFUNCTIONING_SORTS, type DeviceApplication, type DeviceRecord, type MalfunctioningSortField } from './db/devices.ts';
import { ValidationError } from './errors.ts';

/**
 * *MDR Health → Malfunctioning assets*, answered by the console server from its own device
 * inventory: a device "never sent telemetry" when no MDR asset is linked to it. The inventory is
 * local, so the list needs no call to the MDR service.
 */

export const MDR_STATES = ['unknown', 'stopped', 'paused', 'starting', 'running', 'failed', 'notInstalled', 'noLicense'] as const;
export type MdrState = (typeof MDR_STATES)[number];

/** How EPP applications name their MDR component. */
const MDR_COMPONENT_NAMES = new Set(['Managed Detection and Response', 'MDR', 'Endpoint Detection and Response Agent (MDR)']);

const YELLOW = new Set(['paused', 'starting', 'unknown']);
const RED = new Set(['stopped', 'failed', 'noLicense', 'notInstalled']);

export interface MalfunctioningQuery {
  states: MdrState[];
  sort: MalfunctioningSortField;
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** The query string of the list and the export, as it arrives (one text per parameter). */
export interface MalfunctioningQueryString {
  states?: string;
  sort?: string;
  direction?: string;
  page?: string;
  pageSize?: string;
}

const stateList = `(${MDR_STATES.join('|')})`;

/**
 * JSON Schema of {@link MalfunctioningQueryString}: a parameter given twice is refused like a wrong
 * value. `refusal` names what each refused value is answered with (http/validation.ts).
 */
export const malfunctioningQuerySchema = {
  type: 'object',
  properties: {
    // A comma-separated list of states; empty for all.
    states: { type: 'string', pattern: `^(${stateList}(,${stateList})*)?$`, refusal: { error: 'validation', rule: 'unknownState' } },
    sort: { type: 'string', enum: Object.keys(MALFUNCTIONING_SORTS), refusal: { error: 'validation', rule: 'unknownColumn' } },
    direction: { type: 'string', enum: ['asc', 'desc'], refusal: { error: 'validation', rule: 'invalid' } },
    page: { type: 'string', refusal: { error: 'validation', rule: 'outOfRange' } },
    pageSize: { type: 'string', refusal: { error: 'validation', rule: 'outOfRange' } },
  },
} as const;

/** A whole number of the query string within `min`..`max` (`fallback` when absent or empty). */
function wholeNumber(raw: string | undefined, field: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ValidationError(field, 'outOfRange');
  return value;
}

/** Reads a query string its schema accepted: the defaults, the list of states and the page numbers. */
export function parseMalfunctioningQuery(query: MalfunctioningQueryString): MalfunctioningQuery {
  return {
    states: query.states ? (query.states.split(',') as MdrState[]) : [],
    sort: (query.sort ?? 'name') as MalfunctioningSortField,
    direction: query.direction === 'desc' ? 'desc' : 'asc',
    page: wholeNumber(query.page, 'page', 1, 1, 100_000),
    pageSize: wholeNumber(query.pageSize, 'pageSize', 25, 1, 500),
  };
}

/** A critical component that is not running, with its indication colour. */
export interface CriticalComponent {
  /** Component name as the application reports it; `selfDefense` for the Self-Defense feature. */
  name: string;
  state: string;
  indication: 'yellow' | 'red';
}

/** The EPP application's components critical for MDR that are not running, plus Self-Defense when off. */
export function criticalComponents(applications: DeviceApplication[], selfDefense: boolean): CriticalComponent[] {
  // The EPP application is the one that carries the MDR component; its components are the critical ones.
  const epp =
    applications.find((application) => application.components.some((c) => MDR_COMPONENT_NAMES.has(c.name))) ??
    applications.find((application) => application.components.length > 0);
  const list: CriticalComponent[] = (epp?.components ?? [])
    .filter((component) => YELLOW.has(component.state) || RED.has(component.state))
    .map((component) => ({ name: component.name, state: component.state, indication: RED.has(component.state) ? 'red' : 'yellow' }));
  if (!selfDefense) list.push({ name: 'selfDefense', state: 'off', indication: 'red' });
  return list;
}

function toListItem(device: DeviceRecord) {
  return {
    id: device.id,
    name: device.name,
    applications: device.applications.filter((a) => a.components.length > 0).map((a) => `${a.name} ${a.version}`),
    mdrState: device.mdrState,
    administrationServer: device.administrationServer,
    criticalComponents: criticalComponents(device.applications, device.selfDefense),
  };
}

/** One page of malfunctioning assets and the count for the same filter. */
export function listMalfunctioning(devices: DeviceRepository, query: MalfunctioningQuery) {
  const { items, total } = devices.listMalfunctioning(query, query, { offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
  return { items: items.map(toListItem), total, page: query.page, pageSize: query.pageSize };
}

/** A device with every component of every application (the details panel); undefined when unknown. */
export function deviceDetails(devices: DeviceRepository, id: string) {
  const device = devices.get(id);
  if (!device) return undefined;
  return {
    id: device.id,
    name: device.name,
    group: device.group,
    administrationServer: device.administrationServer,
    mdrState: device.mdrState,
    selfDefense: device.selfDefense,
    applications: device.applications,
    criticalComponents: criticalComponents(device.applications, device.selfDefense),
  };
}

/** The filtered list as CSV, in the list's name order, streamed batch by batch: never held whole. */
export function exportMalfunctioning(devices: DeviceRepository, query: Pick<MalfunctioningQuery, 'states'>, language: string): Readable {
  const text = (key: string) => pluginString(language, key);
  function* lines(): Generator<string> {
    yield CSV_BOM +
      csvLine(['name', 'applications', 'mdrState', 'administrationServer', 'criticalComponents'].map((c) => text(`health.malfunctioning.columns.${c}`)));
    for (const batch of devices.eachMalfunctioningBatch(query)) {
      let chunk = '';
      for (const device of batch) {
        const item = toListItem(device);
        chunk += csvLine([
          item.name,
          item.applications.join('; '),
          text(`health.mdrStates.${item.mdrState}`),
          item.administrationServer,
          item.criticalComponents
            .map((c) => `${c.name === 'selfDefense' ? text('health.malfunctioning.selfDefense') : c.name}: ${text(c.state === 'off' ? 'health.malfunctioning.off' : `health.mdrStates.${c.state}`)}`)
            .join('; '),
        ]);
      }
      yield chunk;
    }
  }
  return Readable.from(lines(), { objectMode: false });
}

/** File name of the export. */
export function malfunctioningExportName(now = new Date()): string {
  return `mdr-malfunctioning-assets-${now.toISOString().slice(0, 10)}.csv`;
}

export { attachment };
