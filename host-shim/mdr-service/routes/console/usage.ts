import type { FastifyInstance } from 'fastify';
import { buildUsage } from '../../services/usage.ts';

const nullableString = { type: ['string', 'null'] } as const;

/** What the current license and each license of the list both tell. */
const licenseFacts = {
  required: ['id', 'tier', 'assetLimit', 'connectedAssets', 'expirationDate'],
  properties: {
    id: { type: 'string' },
    tier: { type: 'string' },
    assetLimit: { type: 'integer' },
    connectedAssets: { type: 'integer' },
    expirationDate: { type: 'string' },
  },
} as const;

const schema = {
  response: {
    200: {
      type: 'object',
      required: ['organization', 'activation', 'license', 'licenses', 'region', 'ksn', 'terms', 'customIncidents', 'version'],
      properties: {
        organization: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
        activation: {
          type: 'object',
          required: ['status', 'activatedOn'],
          properties: { status: { type: 'string', enum: ['active', 'notActivated'] }, activatedOn: nullableString },
        },
        license: {
          type: ['object', 'null'],
          required: [...licenseFacts.required, 'name', 'activationDate', 'status'],
          properties: { ...licenseFacts.properties, name: { type: 'string' }, activationDate: { type: 'string' }, status: { type: 'string' } },
        },
        licenses: {
          type: 'array',
          items: {
            type: 'object',
            required: [...licenseFacts.required, 'use'],
            properties: { ...licenseFacts.properties, use: { type: 'string', enum: ['current', 'unused', 'expired'] } },
          },
        },
        region: { type: 'object', required: ['code', 'telemetryLocation'], properties: { code: nullableString, telemetryLocation: nullableString } },
        ksn: {
          type: 'object',
          required: ['installedVersion', 'latestVersion', 'updateAvailable', 'status'],
          properties: {
            installedVersion: nullableString,
            latestVersion: nullableString,
            updateAvailable: { type: 'boolean' },
            status: { type: 'string', enum: ['upToDate', 'updateAvailable', 'notInstalled', 'disabled'] },
          },
        },
        terms: {
          type: 'object',
          required: ['acceptedOn', 'agreements', 'ksnStatementAcceptedOn'],
          properties: { acceptedOn: nullableString, agreements: { type: 'array', items: { type: 'string' } }, ksnStatementAcceptedOn: nullableString },
        },
        customIncidents: {
          type: ['object', 'null'],
          required: ['total', 'remaining'],
          properties: { total: { type: 'integer' }, remaining: { type: 'integer' } },
        },
        version: { type: 'integer' },
      },
    },
  },
} as const;

/** `GET /console/v1/usage`: the *MDR Usage* tab (activation, license, region, KSN, terms, custom incidents). */
export async function usageRoutes(app: FastifyInstance): Promise<void> {
  app.get('/usage', { schema, config: { rights: ['incidentAccess'] } }, async () => buildUsage(app.mdr.db, app.mdr.now()));
}
