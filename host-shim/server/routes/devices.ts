import type { FastifyPluginAsync } from 'fastify';
import type { DeviceListQuery } from '../../../contract/console.ts';
import { DeviceListQuerySchema, DeviceListSchema, DeviceParamsSchema, ManagedDeviceRecordSchema } from '../../../contract/schemas/console.ts';
import type { DeviceRepository } from '../db/devices.ts';
import { NotFoundError, ValidationError } from '../errors.ts';

/** A page number of the query string within `min`..`max`, or `fallback` when it is absent. */
function pageNumber(raw: string | undefined, field: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (value < min || value > max) throw new ValidationError(field, 'outOfRange');
  return value;
}

/** The console's managed devices (`/api/devices`): every signed-in user of the console sees the inventory. */
export const deviceRoutes: FastifyPluginAsync<{ devices: DeviceRepository }> = async (app, { devices }) => {
  app.get<{ Querystring: DeviceListQuery }>('/devices', { schema: { querystring: DeviceListQuerySchema, response: { 200: DeviceListSchema } }, config: { access: 'signedIn' } }, async (request) => {
    const page = pageNumber(request.query.page, 'page', 1, 1, 100_000);
    const pageSize = pageNumber(request.query.pageSize, 'pageSize', 50, 1, 200);
    const search = (request.query.search ?? '').trim().slice(0, 100);
    const { items, total } = devices.list({ search: search || undefined, offset: (page - 1) * pageSize, limit: pageSize });
    return { items, total, page, pageSize };
  });

  // By its console id, or by the MDR asset id it reports as (links from the plug-in use either).
  app.get<{ Params: { deviceId: string } }>('/devices/:deviceId', { schema: { params: DeviceParamsSchema, response: { 200: ManagedDeviceRecordSchema } }, config: { access: 'signedIn' } }, async (request) => {
    const device = devices.find(request.params.deviceId);
    if (!device) throw new NotFoundError('device');
    return device;
  });
};
