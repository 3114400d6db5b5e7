import type { FastifyPluginAsync } from 'fastify';
import type { DeviceRepository } from '../db/devices.ts';
import { NotFoundError, ValidationError } from '../errors.ts';

interface DeviceListQuery {
  page?: string;
  pageSize?: string;
  search?: string;
}

const outOfRange = { error: 'validation', rule: 'outOfRange' } as const;

/** Paging and search; a parameter given twice (`search=a&search=b`) is refused. */
const deviceListQuerySchema = {
  type: 'object',
  properties: {
    search: { type: 'string', refusal: { error: 'validation', rule: 'invalidValue' } },
    // Digits only, and few enough of them: neither 1e400 nor twenty digits reach the database.
    page: { type: 'string', pattern: '^[0-9]{0,9}$', refusal: outOfRange },
    pageSize: { type: 'string', pattern: '^[0-9]{0,9}$', refusal: outOfRange },
  },
} as const;

const deviceParams = { type: 'object', properties: { deviceId: { type: 'string' } } } as const;

/** A page number of the query string within `min`..`max`, or `fallback` when it is absent. */
function pageNumber(raw: string | undefined, field: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (value < min || value > max) throw new ValidationError(field, 'outOfRange');
  return value;
}

/** The console's managed devices (`/api/devices`): every signed-in user of the console sees the inventory. */
export const deviceRoutes: FastifyPluginAsync<{ devices: DeviceRepository }> = async (app, { devices }) => {
  app.get<{ Querystring: DeviceListQuery }>('/devices', { schema: { querystring: deviceListQuerySchema }, config: { access: 'signedIn' } }, async (request) => {
    const page = pageNumber(request.query.page, 'page', 1, 1, 100_000);
    const pageSize = pageNumber(request.query.pageSize, 'pageSize', 50, 1, 200);
    const search = (request.query.search ?? '').trim().slice(0, 100);
    const { items, total } = devices.list({ search: search || undefined, offset: (page - 1) * pageSize, limit: pageSize });
    return { items, total, page, pageSize };
  });

  // By its console id, or by the MDR asset id it reports as (links from the plug-in use either).
  app.get<{ Params: { deviceId: string } }>('/devices/:deviceId', { schema: { params: deviceParams }, config: { access: 'signedIn' } }, async (request) => {
    const device = devices.find(request.params.deviceId);
    if (!device) throw new NotFoundError('device');
    return device;
  });
};
