import crypto from 'node:crypto';
import { NotFoundError } from '../errors.ts';
import type { Comment, MdrDatabase, TenantScope } from '../db.ts';

/** A vendor-style 20-character id (base64url of 15 random bytes). */
export function newVendorId(): string {
  return crypto.randomBytes(15).toString('base64url');
}

/**
 * Adds a comment to an incident in scope, records it in the incident's history and marks the
 * incident updated — all in one transaction.
 */
export function addComment(db: MdrDatabase, input: { incidentId: string; authorName: string; text: string; scope: TenantScope; now: number }): Comment {
  return db.transaction(() => {
    if (!db.incidents.get(input.incidentId, input.scope)) throw new NotFoundError('incident');
    const comment = db.comments.insert({ id: newVendorId(), incidentId: input.incidentId, authorName: input.authorName, text: input.text, created: input.now });
    db.history.insert({ incidentId: input.incidentId, category: 'communication', what: 'commentAdded', details: { commentId: comment.id }, actor: input.authorName, created: input.now });
    db.incidents.touch(input.incidentId, input.now);
    return comment;
  });
}
