import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../errors.ts';
import type { ResponseDecision, ResponseRecord } from '../../db.ts';
import { apiCaller, clientIdParams, requestedIncident, requireResponseManagement } from './common.ts';
import { parseResponseStatuses, responseToVendor, schemaParts } from './vendor-format.ts';

const decisionProperties = {
  status: { type: 'string', minLength: 1, maxLength: 50 },
  comment: { type: 'string', maxLength: 10_000 },
} as const;

/** Only "Confirmed" and "Declined" are decisions; declining needs a comment (as in MDR Web Console). */
function decisionOf(status: string, comment: string | undefined): ResponseDecision {
  const [parsed] = parseResponseStatuses([status], 'status')!;
  if (parsed !== 'confirmed' && parsed !== 'declined') throw new ValidationError('status', 'status must be "Confirmed" or "Declined"');
  if (parsed === 'declined' && !comment?.trim()) throw new ValidationError('comment', 'A comment is required to decline a response');
  return parsed;
}

/** `responses/list`, `response/update`, `responses/update`. */
export async function responseRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.mdr;
  const present = (responses: ResponseRecord[]) => {
    const hostNames = db.assets.hostNames([...new Set(responses.map((r) => r.assetId))]);
    return responses.map((response) => responseToVendor(response, hostNames));
  };
  /**
   * Decides and announces the decisions made now (subscribers get one mail each) after they are
   * committed; repeating a decision a response already has is not announced again.
   */
  const decide = (ids: readonly string[], decision: ResponseDecision, comment: string | undefined, caller: ReturnType<typeof apiCaller>) => {
    const waiting = new Set(ids.filter((id) => db.responses.get(id, caller.scope)?.status === 'waiting'));
    const responses = db.responses.decide(ids, decision, comment?.trim() || null, caller.connection.name, caller.scope, app.mdr.now());
    for (const response of responses.filter((each) => waiting.has(each.id))) {
      app.mdr.activity.emit({ kind: 'response', action: decision, incidentId: response.incidentId, responseId: response.id });
    }
    return responses;
  };

  app.post<{ Body: { incident_id: string; page: number; page_size: number } }>(
    '/responses/list',
    {
      schema: {
        params: clientIdParams,
        body: {
          type: 'object',
          required: ['incident_id'],
          properties: { incident_id: schemaParts.id, page: schemaParts.page, page_size: schemaParts.pageSize },
        },
      },
    },
    async (request) => {
      const { page, page_size: pageSize } = request.body;
      return present(db.responses.listByIncident(requestedIncident(db, request).id, { page, pageSize }).items);
    },
  );

  app.post<{ Body: { response_id: string; status: string; comment?: string } }>(
    '/response/update',
    {
      schema: {
        params: clientIdParams,
        body: { type: 'object', required: ['response_id', 'status'], properties: { response_id: schemaParts.id, ...decisionProperties } },
      },
    },
    async (request) => {
      const caller = apiCaller(request);
      requireResponseManagement(caller);
      const { response_id: id, status, comment } = request.body;
      const decision = decisionOf(status, comment);
      return present(decide([id], decision, comment, caller))[0];
    },
  );

  app.post<{ Body: { responses_ids: string[]; status: string; comment?: string } }>(
    '/responses/update',
    {
      schema: {
        params: clientIdParams,
        body: {
          type: 'object',
          required: ['responses_ids', 'status'],
          properties: { responses_ids: { type: 'array', items: schemaParts.id, minItems: 1, maxItems: 1000 }, ...decisionProperties },
        },
      },
    },
    async (request) => {
      const caller = apiCaller(request);
      requireResponseManagement(caller);
      const { responses_ids: ids, status, comment } = request.body;
      const decision = decisionOf(status, comment);
      return present(decide(ids, decision, comment, caller));
    },
  );
}
