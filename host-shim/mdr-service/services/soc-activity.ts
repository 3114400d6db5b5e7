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

/** One round of analyst activity on a random open incident; null when there is none. */
export function simulateSocActivity(context: MdrServiceContext): { incidentId: string; responseId: string } | null {
  const { db } = context;
  const scope = db.organization.get()?.consoleTenantScope ?? null;
  const open = db.incidents.list(scope, { statuses: ['open'], sort: { field: 'updated', direction: 'desc' }, pageSize: 50 }).items;
  const incident = open[crypto.randomInt(0, Math.max(1, open.length))];
  if (!incident || incident.affectedAssetIds.length === 0) return null;
  const now = context.now();
  const comment = addComment(db, { incidentId: incident.id, authorName: ANALYST, text: NOTES[crypto.randomInt(0, NOTES.length)]!, scope: null, now });
  context.activity.emit({ kind: 'comment', action: 'created', incidentId: incident.id, commentId: comment.id });
  const response = receiveResponse(db, context.activity, {
    id: newVendorId(),
    incidentId: incident.id,
    assetId: incident.affectedAssetIds[0]!,
    type: 'get_file',
    parameters: { path: 'C:\\Users\\Public\\Downloads\\update.ps1', maxFileSizeMb: 50 },
    created: now,
  });
  return { incidentId: incident.id, responseId: response.id };
}
