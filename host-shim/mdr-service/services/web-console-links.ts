/**
 * Links to objects in MDR Web Console, for the notification mails (help, *Receiving notifications*:
 * "The notification body contains a description of the event and a link to the object where the
 * event has occurred").
 *
 * The address is the organization's region's MDR Web Console (`webConsoleUrl`). The help gives no
 * format for the path of an object; these paths are the stand-in's choice: an incident
 * `incidents/<id>`, its Communication and Responses tabs below it, a comment or a response as an
 * anchor on its tab.
 */
import type { ActivityEvent } from './activity.ts';
import { webConsoleUrl } from './activation.ts';
import type { RegionCode } from '../db.ts';

/** What a mail links to: the incident, one of its comments or responses, or its Communication tab (a comment that is gone). */
export type WebConsoleObject =
  | { kind: 'incident'; incidentId: string }
  | { kind: 'comment'; incidentId: string; commentId: string }
  | { kind: 'communication'; incidentId: string }
  | { kind: 'response'; incidentId: string; responseId: string };

/** The address of `object` in the MDR Web Console of `region`. */
export function webConsoleLink(region: RegionCode | null, object: WebConsoleObject): string {
  const incident = `${webConsoleUrl(region)}incidents/${encodeURIComponent(object.incidentId)}`;
  switch (object.kind) {
    case 'incident':
      return incident;
    case 'communication':
      return `${incident}/communication`;
    case 'comment':
      return `${incident}/communication#comment-${encodeURIComponent(object.commentId)}`;
    case 'response':
      return `${incident}/responses#response-${encodeURIComponent(object.responseId)}`;
  }
}

/** The object an event happened to: a deleted comment's mail links to the incident's Communication tab. */
export function objectOf(event: ActivityEvent): WebConsoleObject {
  switch (event.kind) {
    case 'incident':
      return { kind: 'incident', incidentId: event.incidentId };
    case 'comment':
      return event.action === 'deleted'
        ? { kind: 'communication', incidentId: event.incidentId }
        : { kind: 'comment', incidentId: event.incidentId, commentId: event.commentId };
    case 'response':
      return { kind: 'response', incidentId: event.incidentId, responseId: event.responseId };
  }
}
