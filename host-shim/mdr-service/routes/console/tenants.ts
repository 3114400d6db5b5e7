import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  isTenantEffectivelyActive,
  MAX_TENANTS,
  type License,
  type MdrDatabase,
  type Tenant,
  type TenantScope,
  type TenantWithAssets,
} from '../../db.ts';
import { LimitError, NotFoundError, ValidationError } from '../../errors.ts';
import { consoleCaller } from '../../http/console-auth.ts';
import { assetConfiguration, attachment, buildConfigArchive, safeFileName } from '../../services/config-archive.ts';
import { iso, licenseName } from '../../services/usage.ts';
import {
  activeLicenses,
  calendarDate,
  DAY_MS,
  IdParamsSchema,
  optionalLatinText,
  pageOf,
  parseCalendarDate,
  requireLatinName,
  requireVersion,
  sortBy,
  startOfDay,
} from './common.ts';
import { TENANT_DESCRIPTION_MAX, TENANT_NAME_MAX } from '../../../../contract/tenants.ts';
import {
  ArchiveQuerySchema,
  ConfigFileInputSchema,
  ConfigFileParamsSchema,
  TenantDeletionSchema,
  TenantDetailsSchema,
  TenantInputSchema,
  TenantLicenseOptionsSchema,
  TenantListQuerySchema,
  TenantPageSchema,
  TenantPatchBodySchema,
  type Tenant as TenantView,
  type TenantDetails,
  type TenantSortField as SortField,
} from '../../../../contract/schemas/tenants.ts';
import type { Static } from '../../../../contract/schemas/common.ts';

const rights = ['incidentAccess', 'tenantManagement'] as const;


function view(tenant: Tenant & { assets: number }, now: number): TenantView {
  return {
    id: tenant.id,
    name: tenant.name,
    description: tenant.description,
    active: tenant.active,
    status: isTenantEffectivelyActive(tenant, now) ? 'active' : 'inactive',
    assets: tenant.assets,
    createdOn: iso(tenant.createdOn)!,
    expiration: iso(tenant.expiration),
    version: tenant.version,
  };
}

function requireTenant(db: MdrDatabase, id: string, scope: TenantScope): TenantWithAssets {
  const tenant = db.tenants.list(scope).find((candidate) => candidate.id === id);
  if (!tenant) throw new NotFoundError('tenant');
  return tenant;
}

function details(db: MdrDatabase, id: string, scope: TenantScope, now: number): TenantDetails {
  const tenant = requireTenant(db, id, scope);
  return {
    ...view(tenant, now),
    configFiles: db.tenants.configFiles(id).map((file) => {
      const license = db.licenses.get(file.licenseId);
      return {
        id: file.id,
        licenseId: file.licenseId,
        licenseName: license ? licenseName(license) : '',
        licenseTier: license?.tier ?? null,
        licenseAssetLimit: license?.assetLimit ?? null,
        expirationDate: calendarDate(file.expirationDate),
        createdOn: iso(file.createdOn)!,
      };
    }),
  };
}

/** Licenses a configuration file can run on: not removed, blocked or expired. */
/** The last day a tenant's configuration file on `license` may run to: the day before the license's last day. */
function lastAllowedDay(license: License): number {
  return startOfDay(license.expirationDate) - DAY_MS;
}

/**
 * Checks a configuration file's license and expiration date: the license must be usable, and the
 * date a real date from today up to (not including) the last day of the license.
 */
function validConfigFile(db: MdrDatabase, input: { licenseId?: unknown; expirationDate?: unknown }, now: number): { licenseId: string; expirationDate: number } {
  const license = typeof input.licenseId === 'string' ? activeLicenses(db, now).find((candidate) => candidate.id === input.licenseId) : undefined;
  if (!license) throw new ValidationError('licenseId', 'Choose an active license', 'validation', 'required');
  const day = parseCalendarDate(input.expirationDate);
  if (day === null) throw new ValidationError('expirationDate', 'Enter the expiration date as YYYY-MM-DD', 'validation', 'date');
  if (day < startOfDay(now)) throw new ValidationError('expirationDate', 'The expiration date is in the past', 'validation', 'past');
  if (day > lastAllowedDay(license)) {
    throw new ValidationError('expirationDate', 'The expiration date must be before the last day of the license', 'validation', 'afterLicense');
  }
  return { licenseId: license.id, expirationDate: day };
}

function nameTaken(db: MdrDatabase, name: string, exceptId?: string): boolean {
  const wanted = name.toLowerCase();
  return db.tenants.list(null).some((tenant) => tenant.id !== exceptId && tenant.name.toLowerCase() === wanted);
}

/**
 * The *Tenants* tab (`/console/v1/tenants…`): list, details, add, edit, delete, configuration files
 * and their ZIP downloads — all within the console's tenant scope. Rights: Incident access +
 * Tenant management.
 */
export async function tenantRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.mdr;

  app.get<{ Querystring: Static<typeof TenantListQuerySchema> }>(
    '/tenants',
    { schema: { querystring: TenantListQuerySchema, response: { 200: TenantPageSchema } }, config: { rights } },
    async (request) => {
      const { scope } = consoleCaller(request);
      const now = app.mdr.now();
      const sort = (request.query.sort ?? 'expiration') as SortField;
      const direction = request.query.direction ?? (request.query.sort ? 'asc' : 'desc');
      const views = db.tenants.list(scope).map((tenant) => view(tenant, now));
      const key: Record<SortField, (tenant: TenantView) => string | number | null> = {
        name: (tenant) => tenant.name,
        status: (tenant) => tenant.status,
        assets: (tenant) => tenant.assets,
        description: (tenant) => tenant.description,
        createdOn: (tenant) => tenant.createdOn,
        expiration: (tenant) => tenant.expiration,
      };
      const sorted = sortBy(views, key[sort], direction, (tenant) => tenant.name);
      return { ...pageOf(sorted, request.query), sort, direction, limit: MAX_TENANTS, count: db.tenants.count(null) };
    },
  );

  app.get('/tenant-licenses', { schema: { response: { 200: TenantLicenseOptionsSchema } }, config: { rights } }, async () => {
    const now = app.mdr.now();
    return {
      items: activeLicenses(db, now).map((license) => ({
        id: license.id,
        name: licenseName(license),
        tier: license.tier,
        assetLimit: license.assetLimit,
        expirationDate: iso(license.expirationDate),
        lastAllowedDate: calendarDate(lastAllowedDay(license)),
      })),
      today: calendarDate(now),
    };
  });

  app.get<{ Params: Static<typeof IdParamsSchema> }>('/tenants/:id', { schema: { params: IdParamsSchema, response: { 200: TenantDetailsSchema } }, config: { rights } }, async (request) =>
    details(db, request.params.id, consoleCaller(request).scope, app.mdr.now()),
  );

  app.post<{ Body: Static<typeof TenantInputSchema> }>(
    '/tenants',
    { schema: { body: TenantInputSchema, response: { 201: TenantDetailsSchema } }, config: { rights } },
    async (request, reply) => {
      const { scope } = consoleCaller(request);
      const now = app.mdr.now();
      const name = requireLatinName('name', request.body.name, TENANT_NAME_MAX);
      const description = optionalLatinText('description', request.body.description, TENANT_DESCRIPTION_MAX);
      const file = validConfigFile(db, request.body.configFile ?? {}, now);
      const id = crypto.randomUUID();
      db.transaction(() => {
        if (db.tenants.count(null) >= MAX_TENANTS) throw new LimitError('tenantLimit', `At most ${MAX_TENANTS} tenants`);
        if (nameTaken(db, name)) throw new ValidationError('name', 'A tenant with this name exists', 'validation', 'nameTaken');
        db.tenants.insert({ id, name, description, active: request.body.active !== false, createdOn: now });
        db.tenants.addConfigFile({ id: crypto.randomUUID(), tenantId: id, licenseId: file.licenseId, expirationDate: file.expirationDate, createdOn: now });
        // A tenant created from this console is one this Administration Server may reach.
        if (scope !== null) {
          const organization = db.organization.require();
          db.organization.update({ consoleTenantScope: [...(organization.consoleTenantScope ?? []), id] }, undefined, now);
        }
      });
      return reply.code(201).send(details(db, id, scope === null ? null : [...scope, id], now));
    },
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof TenantPatchBodySchema> }>(
    '/tenants/:id',
    { schema: { params: IdParamsSchema, body: TenantPatchBodySchema, response: { 200: TenantDetailsSchema } }, config: { rights } },
    async (request) => {
      const { scope } = consoleCaller(request);
      const { id } = request.params;
      requireTenant(db, id, scope);
      const expectedVersion = requireVersion(request.body.expectedVersion);
      const patch: { name?: string; description?: string; active?: boolean } = {};
      if (request.body.name !== undefined) patch.name = requireLatinName('name', request.body.name, TENANT_NAME_MAX);
      if (request.body.description !== undefined) patch.description = optionalLatinText('description', request.body.description, TENANT_DESCRIPTION_MAX);
      if (typeof request.body.active === 'boolean') patch.active = request.body.active;
      db.transaction(() => {
        if (patch.name !== undefined && nameTaken(db, patch.name, id)) {
          throw new ValidationError('name', 'A tenant with this name exists', 'validation', 'nameTaken');
        }
        db.tenants.update(id, patch, expectedVersion);
      });
      return details(db, id, scope, app.mdr.now());
    },
  );

  app.delete<{ Params: Static<typeof IdParamsSchema>; Querystring: { expectedVersion?: string } }>(
    '/tenants/:id',
    { schema: { params: IdParamsSchema, response: { 200: TenantDeletionSchema } }, config: { rights } },
    async (request, reply) => {
      const { scope } = consoleCaller(request);
      const { id } = request.params;
      const tenant = requireTenant(db, id, scope);
      db.tenants.delete(id, requireVersion(request.query.expectedVersion));
      return reply.code(200).send({ deleted: id, disconnectedAssets: tenant.assets });
    },
  );

  app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof ConfigFileInputSchema> }>(
    '/tenants/:id/config-files',
    { schema: { params: IdParamsSchema, body: ConfigFileInputSchema, response: { 201: TenantDetailsSchema } }, config: { rights } },
    async (request, reply) => {
      const { scope } = consoleCaller(request);
      const { id } = request.params;
      requireTenant(db, id, scope);
      const now = app.mdr.now();
      const file = validConfigFile(db, request.body, now);
      db.tenants.addConfigFile({ id: crypto.randomUUID(), tenantId: id, licenseId: file.licenseId, expirationDate: file.expirationDate, createdOn: now });
      return reply.code(201).send(details(db, id, scope, now));
    },
  );

  app.delete<{ Params: Static<typeof ConfigFileParamsSchema> }>(
    '/tenants/:id/config-files/:fileId',
    { schema: { params: ConfigFileParamsSchema, response: { 200: TenantDetailsSchema } }, config: { rights } },
    async (request) => {
      const { scope } = consoleCaller(request);
      const { id, fileId } = request.params;
      requireTenant(db, id, scope);
      db.transaction(() => db.tenants.deleteConfigFile(id, fileId));
      return details(db, id, scope, app.mdr.now());
    },
  );

  app.get<{ Params: Static<typeof ConfigFileParamsSchema>; Querystring: Static<typeof ArchiveQuerySchema> }>(
    '/tenants/:id/config-files/:fileId/archive',
    { schema: { params: ConfigFileParamsSchema, querystring: ArchiveQuerySchema }, config: { rights } },
    async (request, reply) => {
      const { scope } = consoleCaller(request);
      const { id, fileId } = request.params;
      const tenant = requireTenant(db, id, scope);
      const file = db.tenants.configFiles(id).find((candidate) => candidate.id === fileId);
      if (!file) throw new NotFoundError('configuration file');
      const license = db.licenses.require(file.licenseId);
      const variant = request.query.variant ?? 'blob';
      const now = app.mdr.now();
      const archive = await buildConfigArchive(db, app.mdr.pki, assetConfiguration(db, tenant, license, file.expirationDate, now), variant);
      return reply
        .type('application/zip')
        .header('content-disposition', attachment(`mdr_configuration_${safeFileName(tenant.name)}_${variant}.zip`))
        .header('cache-control', 'no-store')
        .send(archive);
    },
  );
}
