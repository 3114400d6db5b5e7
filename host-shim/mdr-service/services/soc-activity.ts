/**
 * Demo SOC activity: now and then an analyst comments on an open incident and offers a response,
 * as the vendor's SOC does, and accepted responses are performed. It makes notifications,
 * auto-acceptance and the responses' life observable in a demo (`MDR_DEMO_ACTIVITY_SECONDS`;
 * `npm start` turns it on, tests leave it off).
 */
import crypto from 'node:crypto';
import type { MdrServiceContext } from '../context.ts';
import { GET_FILE_MAX_SIZE_MB, type ResponseInput } from '../db.ts';
import { receiveResponse } from './auto-accept.ts';
import { addComment, newVendorId } from './incident-activity.ts';
import { advanceResponses, demoEndpoint, type Endpoint, type ResponseProgressStep } from './response-execution.ts';

const ANALYST = 'MDR SOC analyst';

const NOTES = [
  'We observed suspicious PowerShell activity on the affected host and collected the script for analysis.',
  'The detection matches a known credential-dumping technique. We recommend collecting the file listed in the response.',
  'Network connections to a rare external address were observed. A response to collect evidence is offered.',
];

/** A resolved incident closes by itself after 72 hours (help: *Closing incidents in MDR Web Console*). */
export const RESOLVED_CLOSES_AFTER_MS = 72 * 3_600_000;

/**
 * One round of analyst activity, so that every event the help's notification categories name
 * happens in a demo (help: *Configuring email and Telegram notifications*: incidents created,
 * resolved and closed; comments created, updated and deleted; responses created, accepted and
 * rejected — accepting and rejecting are the customer's, in the console or the REST API):
 * - a new incident (a detection like an earlier open one, on the same assets);
 * - on it, a first "analysis in progress" note, the analysis itself, the first note deleted and the
 *   analysis edited with the recommendation; then a response offered for it;
 * - an earlier open incident of the analysts resolved, and resolved incidents older than 72 hours closed;
 * - accepted responses move on: those in progress complete or fail, newly accepted ones start, and
 *   isolation whose term ran out is lifted (see {@link advanceResponses}).
 * Each change is announced, so subscribers get their mails and auto-acceptance applies. Null when
 * there is no open incident to take after (accepted responses still move on).
 */
export function simulateSocActivity(
  context: MdrServiceContext,
  endpoint: Endpoint = demoEndpoint,
): { incidentId: string; responseId: string; resolvedIncidentId: string | null; closedIncidentIds: string[]; responses: ResponseProgressStep } | null {
  const { db } = context;
  const scope = db.organization.get()?.consoleTenantScope ?? null;
  const open = db.incidents.list(scope, { statuses: ['open'], sort: { field: 'updated', direction: 'desc' }, pageSize: 50 }).items.filter((item) => item.affectedAssetIds.length > 0);
  const template = open[crypto.randomInt(0, Math.max(1, open.length))];
  const now = context.now();
  if (!template) {
    advanceResponses(db, now, endpoint);
    return null;
  }
  const incidentId = newVendorId();
  db.transaction(() => {
    db.incidents.insert({ ...template, id: incidentId, number: db.incidents.nextNumber(), status: 'open', resolution: null, isCustom: false, created: now, updated: now });
    db.history.insert({ incidentId, category: 'incident', what: 'incidentCreated', details: {}, actor: ANALYST, created: now });
  });
  context.activity.emit({ kind: 'incident', action: 'created', incidentId });
  const placeholder = addComment(db, { incidentId, authorName: ANALYST, text: IN_PROGRESS, scope: null, now });
  context.activity.emit({ kind: 'comment', action: 'created', incidentId, commentId: placeholder.id });
  const note = NOTES[crypto.randomInt(0, NOTES.length)]!;
  const comment = addComment(db, { incidentId, authorName: ANALYST, text: note, scope: null, now });
  context.activity.emit({ kind: 'comment', action: 'created', incidentId, commentId: comment.id });
  changeComment(context, { incidentId, commentId: placeholder.id, text: null, now });
  changeComment(context, { incidentId, commentId: comment.id, text: `${note}\n\n${RECOMMENDATION}`, now });
  const response = receiveResponse(db, context.activity, { id: newVendorId(), incidentId, assetId: template.affectedAssetIds[0]!, created: now, ...offeredResponse() });
  const resolved = resolveEarlier(context, incidentId, now);
  const closed = closeResolved(context, now);
  // Last, so that a response's progress does not count as a later change of a resolved incident due to close.
  const responses = advanceResponses(db, now, endpoint);
  return { incidentId, responseId: response.id, resolvedIncidentId: resolved, closedIncidentIds: closed, responses };
}

/**
 * The response the analysts offer: mostly *Get file* of the suspicious script (at most the help's
 * 10 MB), sometimes *Isolate* without a term of its own, so the help's seven days apply.
 */
function offeredResponse(): Pick<ResponseInput, 'type' | 'parameters'> {
  if (crypto.randomInt(0, 3) > 0) {
    return { type: 'get_file', parameters: { path: 'C:\\Users\\Public\\Downloads\\update.ps1', maxFileSizeMb: GET_FILE_MAX_SIZE_MB } };
  }
  const password = crypto.randomBytes(12).toString('base64url');
  const salt = crypto.randomBytes(16);
  const derivedKey = crypto.pbkdf2Sync(password, salt, 10_000, 32, 'sha256').toString('hex');
  return {
    type: 'isolate',
    parameters: {
      password: { version: 1, password, salt: salt.toString('hex'), derivedKey },
      taskId: crypto.randomUUID(),
      exclusionRules: [{ direction: 'Outbound', protocol: 6, remotePorts: { from: 443, to: 443 } }],
    },
  };
}

const IN_PROGRESS = 'Analysis in progress.';
const RECOMMENDATION = 'Recommendation: isolate the host if the file is confirmed malicious.';

/** Edits (`text`) or deletes (`text` null) an analyst comment, recorded in the incident's history and announced. */
function changeComment(context: MdrServiceContext, change: { incidentId: string; commentId: string; text: string | null; now: number }): void {
  const { db } = context;
  const done = db.transaction(() => {
    const changed = change.text === null ? db.comments.delete(change.commentId) : db.comments.updateText(change.commentId, change.text);
    if (!changed) return false;
    db.history.insert({
      incidentId: change.incidentId,
      category: 'communication',
      what: change.text === null ? 'commentDeleted' : 'commentUpdated',
      details: { commentId: change.commentId },
      actor: ANALYST,
      created: change.now,
    });
    db.incidents.touch(change.incidentId, change.now);
    return true;
  });
  if (done) context.activity.emit({ kind: 'comment', action: change.text === null ? 'deleted' : 'updated', incidentId: change.incidentId, commentId: change.commentId });
}

/** The analysts resolve the oldest open incident other than `except`; its id, or null when there is none. */
function resolveEarlier(context: MdrServiceContext, except: string, now: number): string | null {
  const { db } = context;
  const scope = db.organization.get()?.consoleTenantScope ?? null;
  const oldest = db.incidents.list(scope, { statuses: ['open'], sort: { field: 'updated', direction: 'asc' }, pageSize: 2 }).items.find((item) => item.id !== except);
  if (!oldest) return null;
  setStatus(context, oldest.id, oldest.version, 'resolved', now);
  return oldest.id;
}

/** Resolved incidents last changed 72 hours ago or earlier are closed; their ids. */
function closeResolved(context: MdrServiceContext, now: number): string[] {
  const { db } = context;
  const scope = db.organization.get()?.consoleTenantScope ?? null;
  const due = db.incidents.list(scope, { statuses: ['resolved'], sort: { field: 'updated', direction: 'asc' }, pageSize: 20 }).items.filter((item) => item.updated <= now - RESOLVED_CLOSES_AFTER_MS);
  for (const incident of due) setStatus(context, incident.id, incident.version, 'closed', now);
  return due.map((incident) => incident.id);
}

function setStatus(context: MdrServiceContext, id: string, version: number, status: 'resolved' | 'closed', now: number): void {
  const { db } = context;
  db.transaction(() => {
    db.incidents.updateStatus(id, { status, resolution: status === 'resolved' ? 'truePositive' : null }, version, now);
    db.history.insert({ incidentId: id, category: 'incident', what: status === 'resolved' ? 'incidentResolved' : 'incidentClosed', details: {}, actor: ANALYST, created: now });
  });
  context.activity.emit({ kind: 'incident', action: status, incidentId: id });
}
