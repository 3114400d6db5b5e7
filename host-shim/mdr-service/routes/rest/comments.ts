import type { FastifyInstance } from 'fastify';
import { addComment } from '../../services/incident-activity.ts';
import { apiCaller, clientIdParams, incidentRequestSchema, requestedIncident } from './common.ts';
import { commentToVendor, schemaParts } from './vendor-format.ts';

const createSchema = {
  params: clientIdParams,
  body: {
    type: 'object',
    required: ['incident_id', 'text'],
    properties: { incident_id: schemaParts.id, text: { type: 'string', minLength: 1, maxLength: 10_000, pattern: '\\S' } },
  },
} as const;

/**
 * Incident comments: `comments/list` (rendered to HTML unless `markdown_to_html` is false, as in
 * the vendor's reply example) and `comment/create` (also reachable as `comments/create`); the
 * author of a comment created through the API is the connection's name.
 */
export async function commentRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.mdr;

  app.post<{ Body: { incident_id: string; markdown_to_html?: boolean } }>('/comments/list', { schema: incidentRequestSchema(true) }, async (request) => {
    const incident = requestedIncident(db, request);
    return db.comments.listByIncident(incident.id).map((comment) => commentToVendor(comment, request.body.markdown_to_html !== false));
  });

  const create = async (request: { body: { incident_id: string; text: string } } & Parameters<typeof apiCaller>[0]) => {
    const caller = apiCaller(request);
    const comment = addComment(db, {
      incidentId: request.body.incident_id,
      authorName: caller.connection.name,
      text: request.body.text,
      scope: caller.scope,
      now: app.mdr.now(),
    });
    app.mdr.activity.emit({ kind: 'comment', action: 'created', incidentId: comment.incidentId, commentId: comment.id });
    return commentToVendor(comment, false);
  };
  app.post<{ Body: { incident_id: string; text: string } }>('/comment/create', { schema: createSchema }, create);
  app.post<{ Body: { incident_id: string; text: string } }>('/comments/create', { schema: createSchema }, create);
}
