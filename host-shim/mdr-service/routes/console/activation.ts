import type { FastifyInstance } from 'fastify';
import { attachment } from '../../../common/csv.ts';
import { REGION_CODES, type RegionCode } from '../../db/types.ts';
import { MdrError } from '../../errors.ts';
import { Activation } from '../../services/activation.ts';

const region = { type: 'string', enum: REGION_CODES } as const;
const activationCode = { type: 'string', minLength: 1, maxLength: 64 } as const;
const ticket = { type: 'string', minLength: 1, maxLength: 100 } as const;
const version = { type: 'integer', minimum: 1 } as const;

const body = (properties: Record<string, unknown>, required: string[]) =>
  ({ body: { type: 'object', additionalProperties: false, required, properties } }) as const;

/** Codes are typed by people: spaces and dashes between groups, any case. */
const normalizeCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

/**
 * Activation and what changes it (spec section 4, *Activation* and *MDR Usage*): the wizard's
 * steps, *Enter a new activation code*, *Revoke the confirmation…*, the KSN configuration file
 * update, and the root tenant's configuration file. Changing activation and installing the KSN
 * file need *Application Integration*; reading the status needs no right, so that every user of
 * the section learns whether MDR is active.
 */
export async function activationRoutes(app: FastifyInstance): Promise<void> {
  const activation = new Activation(app.mdr.db, app.mdr.now);

  app.get('/activation', { config: { rights: [] } }, async () => activation.status());

  app.post<{ Body: { email: string; password: string } }>(
    '/activation/sign-in',
    { schema: body({ email: { type: 'string', maxLength: 254 }, password: { type: 'string', maxLength: 256 } }, ['email', 'password']), config: { rights: ['applicationIntegration'] } },
    async (request) => activation.signIn(request.body.email.trim(), request.body.password),
  );

  app.post<{ Body: { ticket: string; activationCode: string; region: RegionCode } }>(
    '/activation/check-code',
    { schema: body({ ticket, activationCode, region }, ['ticket', 'activationCode', 'region']), config: { rights: ['applicationIntegration'] } },
    async (request) => activation.checkCode(request.body.ticket, normalizeCode(request.body.activationCode), request.body.region),
  );

  app.get<{ Querystring: { region: RegionCode } }>(
    '/activation/agreements',
    {
      schema: { querystring: { type: 'object', additionalProperties: false, required: ['region'], properties: { region } } },
      config: { rights: ['applicationIntegration'] },
    },
    async (request) => activation.agreements(request.query.region),
  );

  app.post<{
    Body: {
      ticket: string;
      activationCode?: string;
      region?: RegionCode;
      tenantIds?: string[] | null;
      acceptedAgreements: string[];
      ksnStatementAccepted: boolean;
      ksnVersion: string;
      expectedVersion: number;
    };
  }>(
    '/activation',
    {
      schema: body(
        {
          ticket,
          activationCode,
          region,
          tenantIds: { type: ['array', 'null'], maxItems: 101, items: { type: 'string', maxLength: 100 } },
          acceptedAgreements: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 50 } },
          ksnStatementAccepted: { type: 'boolean' },
          ksnVersion: { type: 'string', maxLength: 50 },
          expectedVersion: version,
        },
        ['ticket', 'acceptedAgreements', 'ksnStatementAccepted', 'ksnVersion', 'expectedVersion'],
      ),
      config: { rights: ['applicationIntegration'] },
    },
    async (request) =>
      activation.activate({
        ...request.body,
        activationCode: request.body.activationCode === undefined ? undefined : normalizeCode(request.body.activationCode),
      }),
  );

  app.post<{ Body: { activationCode: string } }>(
    '/activation/code',
    { schema: body({ activationCode }, ['activationCode']), config: { rights: ['applicationIntegration'] } },
    async (request) => activation.addCode(normalizeCode(request.body.activationCode)),
  );

  app.post<{ Body: { expectedVersion: number } }>(
    '/terms/revoke',
    { schema: body({ expectedVersion: version }, ['expectedVersion']), config: { rights: ['applicationIntegration'] } },
    async (request) => activation.revokeTerms(request.body.expectedVersion),
  );

  // The file is installed on the Administration Server for the whole organization: that is configuring MDR,
  // so it needs Application Integration (help topics 213206 and 234895), not Incident access alone.
  app.post<{ Body: { version: string; expectedVersion: number } }>(
    '/ksn/update',
    {
      schema: body({ version: { type: 'string', minLength: 1, maxLength: 50 }, expectedVersion: version }, ['version', 'expectedVersion']),
      config: { rights: ['incidentAccess', 'applicationIntegration'] },
    },
    async (request) => activation.updateKsn(request.body.version, request.body.expectedVersion),
  );

  app.get('/configuration-file', { config: { rights: ['incidentAccess'] } }, async (_request, reply) => {
    const organization = app.mdr.db.organization.require();
    if (organization.activationState !== 'active') throw new MdrError(409, 'notActivated', 'MDR is not activated');
    // What an asset needs to reach MDR: the organization, the (root) tenant, the region and KSN set-up.
    const file = {
      format: 'mdr-configuration/1',
      organization: organization.name,
      tenant: 'root',
      region: organization.regionCode,
      telemetryLocation: organization.telemetryLocation,
      ksnConfigurationVersion: organization.installedKsnVersion,
      issuedOn: new Date(app.mdr.now()).toISOString(),
    };
    return reply
      .type('application/octet-stream')
      .header('content-disposition', attachment('mdr-configuration-root.json'))
      .header('cache-control', 'no-store')
      .send(JSON.stringify(file, null, 2));
  });
}
