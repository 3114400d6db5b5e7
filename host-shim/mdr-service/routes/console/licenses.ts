import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { effectiveLicenseStatus, ROOT_TENANT, type License, type MdrDatabase } from '../../db.ts';
import { LimitError, NotActivatedError, NotFoundError, ValidationError } from '../../errors.ts';
import { consoleCaller } from '../../http/console-auth.ts';
import { assetConfiguration, attachment, buildConfigArchive } from '../../services/config-archive.ts';
import { ACTIVATION_CODE_PATTERN, describeLicenseKey, normalizeActivationCode } from '../../services/license-keys.ts';
import { CUSTOM_INCIDENTS_PER_WEEK } from '../../services/custom-incidents.ts';
import { iso, licenseName } from '../../services/usage.ts';
import { DAY_MS, IdParamsSchema, pageOf, requireVersion, sortBy } from './common.ts';
import type { Static } from '../../../../contract/schemas/common.ts';
import {
  AssetsByTenantSchema,
  LicenseKeyInputSchema,
  LicenseListQuerySchema,
  LicensePageSchema,
  LicenseSchema,
  type License as LicenseView,
  type LicenseSortField as SortField,
} from '../../../../contract/schemas/licenses.ts';
import { ArchiveQuerySchema } from '../../../../contract/schemas/tenants.ts';

/** The Licenses tab is for the MDR Administrator: all six MDR areas. */
const viewRights = ['incidentAccess', 'autoAcceptSettings', 'responseManagement', 'tenantManagement', 'incidentSummaryScheduling', 'restApiAccess'] as const;
/** Adding and removing keys also needs Application Integration. */
const changeRights = [...viewRights, 'applicationIntegration'] as const;

/** Expiration dates this close (or past) are highlighted. */
export const EXPIRY_WARNING_DAYS = 14;
/** Term of a license activated from a new key. */
const NEW_LICENSE_TERM_DAYS = 365;

function view(db: MdrDatabase, license: License, now: number): LicenseView {
  const connectedAssets = db.licenses.connectedAssets(license.id);
  return {
    id: license.id,
    name: licenseName(license),
    tier: license.tier,
    assetLimit: license.assetLimit,
    connectedAssets,
    activationCode: license.activationCode,
    activationDate: iso(license.activationDate)!,
    expirationDate: iso(license.expirationDate)!,
    status: effectiveLicenseStatus(license, now),
    expiresSoon: license.expirationDate - now <= EXPIRY_WARNING_DAYS * DAY_MS,
    overLimit: connectedAssets > license.assetLimit,
    version: license.version,
  };
}

/**
 * The *Licenses* tab (`/console/v1/licenses…`): the organization's licenses (Active / All), assets
 * per tenant for the CSV export, the asset configuration archive, adding and removing keys.
 */
export async function licenseRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.mdr;

  app.get<{ Querystring: Static<typeof LicenseListQuerySchema> }>(
    '/licenses',
    { schema: { querystring: LicenseListQuerySchema, response: { 200: LicensePageSchema } }, config: { rights: viewRights } },
    async (request) => {
      const now = app.mdr.now();
      const all = request.query.view === 'all';
      const sort = (request.query.sort ?? 'expirationDate') as SortField;
      const direction = request.query.direction ?? (request.query.sort ? 'asc' : 'desc');
      const views = db.licenses
        .list({ includeRemoved: all })
        .map((license) => view(db, license, now))
        .filter((license) => all || license.status === 'active');
      const key: Record<SortField, (license: LicenseView) => string | number> = {
        name: (license) => `${license.name} ${String(license.assetLimit).padStart(9, '0')}`,
        connectedAssets: (license) => license.connectedAssets,
        // The ID column is the license identifier (help: *Managing licenses in Kaspersky Security Center*).
        id: (license) => license.id,
        activationDate: (license) => license.activationDate,
        expirationDate: (license) => license.expirationDate,
        status: (license) => license.status,
      };
      const organization = db.organization.require();
      // The top panel's general information about the current licenses (help: *Managing licenses in
      // Kaspersky Security Center*: "The top panel lists general information about licenses").
      const current = all ? views.filter((license) => license.status === 'active') : views;
      const summary = {
        active: current.length,
        connectedAssets: current.reduce((total, license) => total + license.connectedAssets, 0),
        assetLimit: current.reduce((total, license) => total + license.assetLimit, 0),
        nextExpiration: current.map((license) => license.expirationDate).sort()[0] ?? null,
      };
      return {
        ...pageOf(sortBy(views, key[sort], direction, (license) => license.id), request.query),
        summary,
        sort,
        direction,
        view: all ? 'all' : 'active',
        organization: { tier: organization.tier, regionCode: organization.regionCode },
      };
    },
  );

  app.get('/licenses/assets-by-tenant', { schema: { response: { 200: AssetsByTenantSchema } }, config: { rights: viewRights } }, async (request) => {
    const { scope } = consoleCaller(request);
    const now = app.mdr.now();
    const names = new Map(db.tenants.list(null).map((tenant) => [tenant.id, tenant.name]));
    const rows = db.licenses.list().flatMap((license) =>
      db.licenses
        .connectedAssetsByTenant(license.id)
        .filter(({ tenantId }) => scope === null || scope.includes(tenantId ?? ROOT_TENANT))
        .map(({ tenantId, assets }) => ({
          licenseId: license.id,
          licenseName: licenseName(license),
          assetLimit: license.assetLimit,
          expirationDate: iso(license.expirationDate),
          status: effectiveLicenseStatus(license, now),
          tenantId,
          tenantName: tenantId === null ? null : (names.get(tenantId) ?? null),
          assets,
        })),
    );
    return { items: rows };
  });

  app.get<{ Params: Static<typeof IdParamsSchema>; Querystring: Static<typeof ArchiveQuerySchema> }>(
    '/licenses/:id/archive',
    { schema: { params: IdParamsSchema, querystring: ArchiveQuerySchema }, config: { rights: viewRights } },
    async (request, reply) => {
      const now = app.mdr.now();
      const license = db.licenses.require(request.params.id);
      if (effectiveLicenseStatus(license, now) !== 'active') throw new LimitError('licenseNotActive', 'Only an active license has an asset configuration');
      const variant = request.query.variant ?? 'blob';
      const archive = await buildConfigArchive(db, app.mdr.pki, assetConfiguration(db, null, license, license.expirationDate, now), variant);
      return reply
        .type('application/zip')
        .header('content-disposition', attachment(`mdr_configuration_${license.activationCode}_${variant}.zip`))
        .header('cache-control', 'no-store')
        .send(archive);
    },
  );

  app.post<{ Body: Static<typeof LicenseKeyInputSchema> }>(
    '/licenses',
    { schema: { body: LicenseKeyInputSchema, response: { 201: LicenseSchema } }, config: { rights: changeRights } },
    async (request, reply) => {
      const now = app.mdr.now();
      const code = normalizeActivationCode(request.body.activationCode);
      if (code === '') throw new ValidationError('activationCode', 'Enter the activation code', 'validation', 'required');
      if (!ACTIVATION_CODE_PATTERN.test(code)) throw new ValidationError('activationCode', 'An activation code is 20 letters and digits', 'validation', 'format');
      const organization = db.organization.require();
      if (organization.activationState !== 'active') throw new NotActivatedError();
      const license = db.transaction(() => {
        const existing = db.licenses.getByActivationCode(code);
        if (existing) {
          if (existing.status !== 'removed') throw new ValidationError('activationCode', 'This activation code is already added', 'validation', 'alreadyAdded');
          // A removed key comes back as it was: same license, same term.
          return db.licenses.setStatus(existing.id, 'active', existing.version, now);
        }
        const info = describeLicenseKey(code);
        if (!info) throw new ValidationError('activationCode', 'The activation code is not valid', 'validation', 'unknownCode');
        if (organization.tier !== null && info.tier !== organization.tier) {
          throw new ValidationError('activationCode', 'The license tier differs from the organization’s', 'validation', 'tierMismatch');
        }
        if (organization.regionCode !== null && info.region !== organization.regionCode) {
          throw new ValidationError('activationCode', 'The license region differs from the organization’s', 'validation', 'regionMismatch');
        }
        return db.licenses.insert({
          id: crypto.randomUUID(),
          activationCode: code,
          tier: info.tier,
          assetLimit: info.assetLimit,
          activationDate: now,
          expirationDate: now + NEW_LICENSE_TERM_DAYS * DAY_MS,
          status: 'active',
          customIncidentsPerPeriod: info.tier === 'optimum' ? null : CUSTOM_INCIDENTS_PER_WEEK,
          regionCode: info.region,
          addedOn: now,
          removedOn: null,
        });
      });
      return reply.code(201).send(view(db, license, now));
    },
  );

  app.delete<{ Params: Static<typeof IdParamsSchema>; Querystring: { expectedVersion?: string } }>(
    '/licenses/:id',
    { schema: { params: IdParamsSchema, response: { 200: LicenseSchema } }, config: { rights: changeRights } },
    async (request) => {
      const now = app.mdr.now();
      const license = db.licenses.get(request.params.id);
      if (!license) throw new NotFoundError('license');
      if (license.status === 'removed') throw new LimitError('alreadyRemoved', 'The license key is already removed');
      return view(db, db.licenses.setStatus(license.id, 'removed', requireVersion(request.query.expectedVersion), now), now);
    },
  );
}
