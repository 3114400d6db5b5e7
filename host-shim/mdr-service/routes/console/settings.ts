import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AUTO_ACCEPT_MODES, validateGeneralSettings } from '../../../../contract/settings.ts';
import {
  AutoAcceptModeInputSchema,
  AutoAcceptModeSavedSchema,
  AutoAcceptTenantsInputSchema,
  AutoAcceptTenantsSavedSchema,
  GeneralSettingsInputSchema,
  GeneralSettingsSchema,
  MdrSettingsSchema,
  type AutoAcceptModeInput,
  type AutoAcceptTenantsInput,
  type GeneralSettingsInput,
} from '../../../../contract/schemas/settings.ts';
import { consoleCaller } from '../../http/console-auth.ts';
import { ConflictError, FieldValidationError, ForbiddenError } from '../../errors.ts';
import { ROOT_TENANT, type MdrDatabase, type TenantScope } from '../../db.ts';
import { mdrAdministratorRights } from '../../../../contract/rights.ts';

/** Rights of the MDR Administrator role: changing the auto-acceptance mode needs all of them (spec section 3). */
const MDR_ADMINISTRATOR_RIGHTS = mdrAdministratorRights;

/** The general settings' concurrency token: the versions of both stored keys. */
function generalVersion(db: MdrDatabase): string {
  return `${db.settings.get('extendedNotifications').version}.${db.settings.get('language').version}`;
}

function general(db: MdrDatabase) {
  const extended = db.settings.get('extendedNotifications').value;
  return {
    extendedNotifications: extended.enabled,
    termsAcceptedOn: extended.termsAcceptedOn === null ? null : new Date(extended.termsAcceptedOn).toISOString(),
    language: db.settings.get('language').value,
    version: generalVersion(db),
  };
}

function autoAcceptTenants(db: MdrDatabase, scope: TenantScope) {
  return db.tenants
    .list(scope, { field: 'name', direction: 'asc' })
    .map((tenant) => ({ id: tenant.id, name: tenant.name, autoAccept: tenant.autoAccept, version: tenant.version }));
}

function autoAccept(db: MdrDatabase, scope: TenantScope) {
  const setting = db.settings.get('autoAccept');
  return { mode: setting.value.mode, version: setting.version, tenants: autoAcceptTenants(db, scope), ...perTenantOptions(setting.value, scope) };
}

/** The per-tenant list's *All tenants* option, and *Root without tenants* (null when this console does not reach the root). */
function perTenantOptions(value: { newTenants?: boolean; root?: boolean }, scope: TenantScope) {
  return { newTenants: value.newTenants === true, root: scope === null || scope.includes(ROOT_TENANT) ? value.root === true : null };
}

/**
 * The *Settings* tab: `GET /settings` (auto-acceptance only for *Auto-accept settings*),
 * `PUT /settings/general` (extended notifications, language; *Application Integration*), `PUT /settings/auto-accept/mode`
 * (MDR Administrator), `PUT /settings/auto-accept/tenants` (*Auto-accept settings* + *Response
 * management*, only in the per-tenant mode). Every save checks the version it was based on.
 */
export async function settingsRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.mdr;

  app.get('/settings', { schema: { response: { 200: MdrSettingsSchema } }, config: { rights: ['incidentAccess'] } }, async (request) => {
    const caller = consoleCaller(request);
    return {
      general: general(db),
      ...(caller.rights.has('autoAcceptSettings') ? { autoAccept: autoAccept(db, caller.scope) } : {}),
    };
  });

  // Extended notifications and the data language apply to every user of the organization: changing them is
  // configuring MDR, which needs Application Integration (help topics 213206 and 210793).
  app.put<{ Body: GeneralSettingsInput }>(
    '/settings/general',
    { schema: { body: GeneralSettingsInputSchema, response: { 200: GeneralSettingsSchema } }, config: { rights: ['incidentAccess', 'applicationIntegration'] } },
    async (request) => {
      const body = request.body;
      const current = db.settings.get('extendedNotifications').value;
      const [problem] = validateGeneralSettings(body, { extendedNotifications: current.enabled });
      if (problem) throw new FieldValidationError(problem.field, problem.rule);
      const [extendedVersion, languageVersion] = body.expectedVersion.split('.').map(Number) as [number, number];
      const now = app.mdr.now();
      db.transaction(() => {
        if (db.settings.get('extendedNotifications').version !== extendedVersion || db.settings.get('language').version !== languageVersion) {
          throw new ConflictError('settings');
        }
        const termsAcceptedOn = body.extendedNotifications ? (current.enabled ? current.termsAcceptedOn : now) : null;
        db.settings.set('extendedNotifications', { enabled: body.extendedNotifications, termsAcceptedOn }, extendedVersion, now);
        // An administrator's choice of language outlives the region's default set at activation.
        if (body.language !== db.settings.get('language').value) {
          const chosen = db.settings.get('languageChosen');
          if (!chosen.value) db.settings.set('languageChosen', true, chosen.version, now);
        }
        db.settings.set('language', body.language, languageVersion, now);
      });
      return general(db);
    },
  );

  app.put<{ Body: AutoAcceptModeInput }>(
    '/settings/auto-accept/mode',
    { schema: { body: AutoAcceptModeInputSchema, response: { 200: AutoAcceptModeSavedSchema } }, config: { rights: [...MDR_ADMINISTRATOR_RIGHTS] } },
    async (request) => {
      const { mode, expectedVersion } = request.body;
      if (!AUTO_ACCEPT_MODES.includes(mode)) throw new FieldValidationError('mode', 'invalidMode');
      const saved = db.settings.set('autoAccept', { ...db.settings.get('autoAccept').value, mode }, expectedVersion, app.mdr.now());
      return { mode: saved.value.mode, version: saved.version };
    },
  );

  app.put<{ Body: AutoAcceptTenantsInput }>(
    '/settings/auto-accept/tenants',
    { schema: { body: AutoAcceptTenantsInputSchema, response: { 200: AutoAcceptTenantsSavedSchema } }, config: { rights: ['incidentAccess', 'autoAcceptSettings', 'responseManagement'] } },
    async (request: FastifyRequest<{ Body: AutoAcceptTenantsInput }>) => {
      const { scope, rights } = consoleCaller(request);
      const { newTenants, root, expectedVersion } = request.body;
      const options = newTenants !== undefined || root !== undefined;
      if (options && expectedVersion === undefined) throw new FieldValidationError('expectedVersion', 'required');
      // Help, *Auto-accepting responses in MDR Web Console*, access rights: "Enable auto-acceptance for
      // all tenants" is the MDR Administrator's alone; specific tenants also the Senior Security Officer's.
      const missing = newTenants !== undefined ? MDR_ADMINISTRATOR_RIGHTS.filter((right) => !rights.has(right)) : [];
      if (missing.length > 0) throw new ForbiddenError('forbidden', 'Only an MDR Administrator enables auto-acceptance for all tenants', missing);
      if (root !== undefined && scope !== null && !scope.includes(ROOT_TENANT)) throw new FieldValidationError('root', 'unknownTenant');
      const saved = db.transaction(() => {
        const setting = db.settings.get('autoAccept');
        if (setting.value.mode !== 'perTenant') throw new ConflictError('auto-acceptance mode', 'notPerTenantMode');
        for (const change of request.body.tenants) {
          db.tenants.require(change.id, scope);
          db.tenants.update(change.id, { autoAccept: change.autoAccept }, change.expectedVersion);
        }
        if (!options) return setting;
        return db.settings.set(
          'autoAccept',
          { ...setting.value, ...(newTenants !== undefined ? { newTenants } : {}), ...(root !== undefined ? { root } : {}) },
          expectedVersion!,
          app.mdr.now(),
        );
      });
      return { tenants: autoAcceptTenants(db, scope), version: saved.version, ...perTenantOptions(saved.value, scope) };
    },
  );
}
