/**
 * Demo SOC activity: now and then an analyst comments on an open incident and offers a response,
 * as the vendor's SOC does. It makes notifications and auto-acceptance observable in a demo
 * (`MDR_DEMO_ACTIVITY_SECONDS`; `npm start` turns it on, tests leave it off).
 */
import crypto from 'node:crypto';
import type { MdrServiceContext } from '../context.ts';
import { receiveResponse } from './auto-accept.ts';
import { addComment, newVendorId } from './incident-activity.ts';

const ANALYST = 'MDR SOC analyst';

const NOTES = [
  'We observed suspicious PowerShell activity on the affected host and collected the script for analysis.',
  'The detection matches a known credential-dumping technique. We recommend collecting the file listed in the response.',
  'Network connections to a rare external address were observed. A response to collect evidence is offered.',
];

/**
 * One round of analyst activity: a new incident (a detection like an earlier open one, on the same
 * assets), an analyst comment on it and a response offered for it — each announced, so subscribers
 * get their mails and auto-acceptance applies. Null when there is no open incident to take after.
 */
export function simulateSocActivity(context: MdrServiceContext): { incidentId: string; responseId: string } | null {
  const { db } = context;
  const scope = db.organization.get()?.consoleTenantScope ?? null;
  const open = db.incidents.list(scope, { statuses: ['open'], sort: { field: 'updated', direction: 'desc' }, pageSize: 50 }).items.filter((item) => item.affectedAssetIds.length > 0);
  const template = open[crypto.randomInt(0, Math.max(1, open.length))];
  if (!template) return null;
  const now = context.now();
  const incidentId = newVendorId();
  db.transaction(() => {
    db.incidents.insert({ ...template, id: incidentId, number: db.incidents.nextNumber(), status: 'open', resolution: null, isCustom: false, created: now, updated: now });
    db.history.insert({ incidentId, category: 'incident', what: 'incidentCreated', details: {}, actor: ANALYST, created: now });
  });
  context.activity.emit({ kind: 'incident', action: 'created', incidentId });
  const comment = addComment(db, { incidentId, authorName: ANALYST, text: NOTES[crypto.randomInt(0, NOTES.length)]!, scope: null, now });
  context.activity.emit({ kind: 'comment', action: 'created', incidentId, commentId: comment.id });
  const response = receiveResponse(db, context.activity, {
    id: newVendorId(),
    incidentId,
    assetId: template.affectedAssetIds[0]!,
    type: 'get_file',
    parameters: { path: 'C:\\Users\\Public\\Downloads\\update.ps1', maxFileSizeMb: 50 },
    created: now,
  });
  return { incidentId, responseId: response.id };
}
