import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  normalizeActivationCode as normalizeCode,
  type ActivationRequest,
  type AgreementParams,
  type CodeCheckRequest,
  type EnableBackgroundConnectionRequest,
  type KsnUpdateRequest,
  type NewActivationCodeRequest,
  type RegionQuery,
  type RevokeTermsRequest,
  type RootConfigurationLicenses,
  type RootConfigurationQuery,
  type VendorSignInRequest,
} from '../../../../contract/activation.ts';
import { inline } from '../../../../contract/content-disposition.ts';
import {
  ActivationRequestSchema,
  ActivationStatusSchema,
  AgreementParamsSchema,
  AgreementsSchema,
  BackgroundConnectionSchema,
  CodeCheckRequestSchema,
  CodeCheckSchema,
  EnableBackgroundConnectionRequestSchema,
  KsnUpdateRequestSchema,
  KsnUpdateResultSchema,
  NewActivationCodeRequestSchema,
  NewActivationCodeResultSchema,
  RegionQuerySchema,
  RevokeTermsRequestSchema,
  RootConfigurationLicensesSchema,
  RootConfigurationQuerySchema,
  VendorSignInRequestSchema,
  VendorSignInSchema,
} from '../../../../contract/schemas/activation.ts';
import { ROOT_TENANT } from '../../db/types.ts';
import { ForbiddenError, LimitError, NotActivatedError, NotFoundError } from '../../errors.ts';
import { consoleCaller } from '../../http/console-auth.ts';
import { Activation } from '../../services/activation.ts';
import { agreementDocument, type AgreementDocument } from '../../services/agreements.ts';
import { assetConfiguration, attachment, buildConfigArchive } from '../../services/config-archive.ts';
import { iso, licenseName } from '../../services/usage.ts';
import { activeLicenses } from './common.ts';

/** An agreement as a plain-text document in its language (404 when it does not apply or was not accepted). */
function sendAgreement(reply: FastifyReply, document: AgreementDocument | null) {
  if (!document) throw new NotFoundError('agreement');
  return reply
    .type('text/plain; charset=utf-8')
    .header('content-language', document.language)
    .header('content-disposition', inline(`${document.id}-${document.region}-${document.version}.txt`))
    .header('cache-control', 'no-store')
    .send(document.text);
}

/**
 * Activation and what changes it (spec section 4, *Activation* and *MDR Usage*): the wizard's
 * steps, *Enter a new activation code*, *Revoke the confirmation…*, the KSN configuration file
 * update, and the root tenant's configuration file. Changing activation and installing the KSN
 * file need *Application Integration*; reading the status needs no right, so that every user of
 * the section learns whether MDR is active.
 */
export async function activationRoutes(app: FastifyInstance): Promise<void> {
  const activation = new Activation(app.mdr.db, app.mdr.now);

  app.get('/activation', { schema: { response: { 200: ActivationStatusSchema } }, config: { rights: [] } }, async () => activation.status());

  // Help step 4 of activation: "checks whether the background connection between Kaspersky Security
  // Center Web Console and the Administration Server is enabled and prompts to enable it, if necessary".
  // A setting of the whole console: Application Integration, as activation itself.
  app.get(
    '/background-connection',
    { schema: { response: { 200: BackgroundConnectionSchema } }, config: { rights: ['applicationIntegration'] } },
    async () => activation.backgroundConnection(),
  );

  app.post<{ Body: EnableBackgroundConnectionRequest }>(
    '/background-connection/enable',
    { schema: { body: EnableBackgroundConnectionRequestSchema, response: { 200: BackgroundConnectionSchema } }, config: { rights: ['applicationIntegration'] } },
    async (request) => activation.enableBackgroundConnection(request.body.expectedVersion),
  );

  app.post<{ Body: VendorSignInRequest }>(
    '/activation/sign-in',
    { schema: { body: VendorSignInRequestSchema, response: { 200: VendorSignInSchema } }, config: { rights: ['applicationIntegration'] } },
    async (request) => activation.signIn(request.body.email.trim(), request.body.password, consoleCaller(request).userId),
  );

  app.post<{ Body: CodeCheckRequest }>(
    '/activation/check-code',
    { schema: { body: CodeCheckRequestSchema, response: { 200: CodeCheckSchema } }, config: { rights: ['applicationIntegration'] } },
    async (request) => activation.checkCode(request.body.ticket, normalizeCode(request.body.activationCode), request.body.region, consoleCaller(request).userId),
  );

  app.get<{ Querystring: RegionQuery }>(
    '/activation/agreements',
    { schema: { querystring: RegionQuerySchema, response: { 200: AgreementsSchema } }, config: { rights: ['applicationIntegration'] } },
    async (request) => activation.agreements(request.query.region),
  );

  /**
   * An agreement's text for a region, in the region's service language, as the activation wizard
   * shows it and opens it whole (help step 8: "Read and accept the agreements applicable to the
   * region you select"; step 9: "Read and accept the KSN Statement").
   */
  app.get<{ Params: AgreementParams; Querystring: RegionQuery }>(
    '/activation/agreements/:id',
    { schema: { params: AgreementParamsSchema, querystring: RegionQuerySchema }, config: { rights: ['applicationIntegration'] } },
    async (request, reply) => sendAgreement(reply, agreementDocument(request.params.id, request.query.region)),
  );

  /**
   * The agreement the organization accepted, for every user of *MDR Usage* (help topic *About the MDR
   * Agreement*: "You can view the MDR Agreement … By clicking the Terms of using the MDR solution link
   * in the Terms of using the MDR solution block"). Activation accepts every agreement of the region
   * at once, and the KSN Statement with them; nothing is accepted while MDR is not active.
   */
  app.get<{ Params: AgreementParams }>(
    '/terms/agreements/:id',
    { schema: { params: AgreementParamsSchema }, config: { rights: ['incidentAccess'] } },
    async (request, reply) => {
      const organization = app.mdr.db.organization.require();
      const id = request.params.id;
      const acceptedOn = id === 'ksnStatement' ? organization.ksnStatementAcceptedOn : organization.termsAcceptedOn;
      const accepted = organization.activationState === 'active' && organization.regionCode !== null && acceptedOn !== null;
      return sendAgreement(reply, accepted ? agreementDocument(id, organization.regionCode!) : null);
    },
  );

  app.post<{ Body: ActivationRequest }>(
    '/activation',
    {
      schema: { body: ActivationRequestSchema, response: { 200: ActivationStatusSchema } },
      config: { rights: ['applicationIntegration'] },
    },
    async (request) =>
      activation.activate(
        { ...request.body, activationCode: request.body.activationCode === undefined ? undefined : normalizeCode(request.body.activationCode) },
        consoleCaller(request).userId,
      ),
  );

  // Help topic *Providing a new activation code*: "This feature is only available if you have the
  // Application integration access right" — declared here and in the manifest alike.
  app.post<{ Body: NewActivationCodeRequest }>(
    '/activation/code',
    {
      schema: { body: NewActivationCodeRequestSchema, response: { 200: NewActivationCodeResultSchema } },
      config: { rights: ['applicationIntegration'] },
    },
    async (request) => activation.applyNewCode({ ...request.body, activationCode: normalizeCode(request.body.activationCode) }, consoleCaller(request).userId),
  );

  app.post<{ Body: RevokeTermsRequest }>(
    '/terms/revoke',
    { schema: { body: RevokeTermsRequestSchema, response: { 200: ActivationStatusSchema } }, config: { rights: ['applicationIntegration'] } },
    async (request) => activation.revokeTerms(request.body.expectedVersion),
  );

  // The file is installed on the Administration Server for the whole organization: that is configuring MDR,
  // so it needs Application Integration (help topics 213206 and 234895), not Incident access alone.
  app.post<{ Body: KsnUpdateRequest }>(
    '/ksn/update',
    {
      schema: { body: KsnUpdateRequestSchema, response: { 200: KsnUpdateResultSchema } },
      config: { rights: ['incidentAccess', 'applicationIntegration'] },
    },
    async (request) => activation.updateKsn(request.body.version, request.body.expectedVersion),
  );

  /**
   * The root tenant's MDR configuration file (help: *Moving assets to the root tenant* — "go to MDR >
   * Getting Started and click the Download link"; What's new: "Downloading the root tenant's MDR
   * configuration file for a license"): the same archive as *Licenses* produces — the KSN
   * configuration file plus the BLOB or the BAT script — for one active license, the one chosen when
   * there are several.
   */
  app.get(
    '/configuration-file/licenses',
    { schema: { response: { 200: RootConfigurationLicensesSchema } }, config: { rights: ['incidentAccess'] } },
    async (request): Promise<RootConfigurationLicenses> => {
      requireRootConfiguration(request);
      return {
        items: activeLicenses(app.mdr.db, app.mdr.now()).map((license) => ({
          id: license.id,
          name: licenseName(license),
          tier: license.tier,
          assetLimit: license.assetLimit,
          expirationDate: iso(license.expirationDate),
        })),
      };
    },
  );

  app.get<{ Querystring: RootConfigurationQuery }>(
    '/configuration-file',
    { schema: { querystring: RootConfigurationQuerySchema }, config: { rights: ['incidentAccess'] } },
    async (request, reply) => {
      requireRootConfiguration(request);
      const now = app.mdr.now();
      const { licenseId, variant = 'blob' } = request.query;
      const active = activeLicenses(app.mdr.db, now);
      // Without a choice: the license *MDR Usage* shows (active, latest expiration first); the
      // plug-in always names the license the administrator chose.
      const license = licenseId === undefined ? active[0] : active.find((candidate) => candidate.id === licenseId);
      if (!license) {
        if (licenseId !== undefined && !app.mdr.db.licenses.get(licenseId)) throw new NotFoundError('license');
        throw new LimitError('licenseNotActive', 'Only an active license has an asset configuration', 'licenseId');
      }
      const archive = await buildConfigArchive(app.mdr.db, app.mdr.pki, assetConfiguration(app.mdr.db, null, license, license.expirationDate, now), variant);
      return reply
        .type('application/zip')
        .header('content-disposition', attachment(`mdr_configuration_root_${variant}.zip`))
        .header('cache-control', 'no-store')
        .send(archive);
    },
  );

  /**
   * MDR must be active, and the root tenant inside this console's tenant scope: the file makes assets
   * report as the root's, which a console that does not reach the root must not do.
   */
  function requireRootConfiguration(request: FastifyRequest): void {
    if (app.mdr.db.organization.require().activationState !== 'active') throw new NotActivatedError();
    const { scope } = consoleCaller(request);
    if (scope !== null && !scope.includes(ROOT_TENANT)) throw new ForbiddenError('rootOutOfScope', 'The root tenant is outside this console’s tenant scope');
  }
}
