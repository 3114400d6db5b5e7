/**
 * Mails subscribers about incidents, comments and responses: every user whose address is verified
 * and who chose the category gets one mail per event, in the organization's notification language.
 * The event, the incident number, priority and status and a link to the object in MDR Web Console
 * are always there (help, *Receiving notifications*: "a description of the event and a link to the
 * object where the event has occurred"); the incident's summary, description, comment text and
 * response details only when extended notifications are on (help, *Receiving extended notifications*).
 */
import { inScope, type MdrDatabase, type NotificationCategory } from '../db.ts';
import type { ActivityBus, ActivityEvent } from './activity.ts';
import { formatUtc, mailTexts } from './mail-texts.ts';
import { objectOf, webConsoleLink } from './web-console-links.ts';
import type { OutgoingMail } from '../mail/mailer.ts';

const categoryOf: Record<ActivityEvent['kind'], NotificationCategory> = { incident: 'incidents', comment: 'comments', response: 'responses' };

/** The mail for one event (its audience without users yet), or null when the incident is gone or outside the console's tenant scope. */
export function composeNotification(db: MdrDatabase, event: ActivityEvent): Omit<OutgoingMail, 'to'> | null {
  const incident = db.incidents.get(event.incidentId);
  if (!incident) return null;
  const organization = db.organization.get();
  const scope = organization?.consoleTenantScope ?? null;
  if (!inScope(incident.tenantId, scope)) return null;
  const language = db.settings.get('language').value;
  const extended = db.settings.get('extendedNotifications').value.enabled;
  const t = mailTexts(language);
  const eventKey = `${event.kind}${event.action[0]!.toUpperCase()}${event.action.slice(1)}`;
  const headline = t(`events.${eventKey}`, { number: incident.number });
  const tenant = incident.tenantId ? (db.tenants.get(incident.tenantId)?.name ?? incident.tenantId) : t('noTenant');
  const lines = [
    headline,
    '',
    `${t('fields.priority')}: ${t(`priority.${incident.priority}`)}`,
    `${t('fields.status')}: ${t(`status.${incident.status}`)}`,
    `${t('fields.tenant')}: ${tenant}`,
    `${t('fields.updated')}: ${formatUtc(incident.updated, language)} UTC`,
  ];
  if (extended) {
    lines.push('', `${t('fields.summary')}: ${incident.summary}`);
    if (incident.description) lines.push('', incident.description);
    if (event.kind === 'comment') {
      const comment = db.comments.listByIncident(incident.id).find((entry) => entry.id === event.commentId);
      if (comment) lines.push('', t('commentBy', { author: comment.authorName }), comment.text);
    }
    if (event.kind === 'response') {
      const response = db.responses.get(event.responseId);
      if (response) lines.push('', `${t('fields.response')}: ${t(`responseTypes.${response.type}`)}`, `${t('fields.asset')}: ${db.assets.get(response.assetId)?.hostName ?? response.assetId}`);
    }
  } else {
    lines.push('', t('basicHint'));
  }
  const object = objectOf(event);
  lines.push('', t(`link.${object.kind}`, { url: webConsoleLink(organization?.regionCode ?? null, object) }));
  lines.push('', t('footer'));
  return { subject: `${t('subjectPrefix')} ${headline}`, text: lines.join('\n'), audience: { kind: 'notification', userIds: [], tenantId: incident.tenantId } };
}

/** Sends the notification mails for each announced change. */
export class Notifier {
  readonly #listener = (event: ActivityEvent) => this.handle(event);
  /** Mails in flight (tests wait for them). */
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly db: MdrDatabase,
    private readonly send: (mail: OutgoingMail) => Promise<void>,
    private readonly log: { error(object: unknown, message: string): void },
  ) {}

  attach(bus: ActivityBus): void {
    bus.on(this.#listener);
  }

  detach(bus: ActivityBus): void {
    bus.off(this.#listener);
  }

  /** Resolves when every mail started so far has been handed to the relay (or failed). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  handle(event: ActivityEvent): void {
    if (!this.db.open) return;
    const recipients = this.db.notifications.listVerifiedEmail(categoryOf[event.kind]);
    if (recipients.length === 0) return;
    const mail = composeNotification(this.db, event);
    if (!mail) return;
    for (const recipient of recipients) {
      // One mail per subscriber, so that each one is theirs alone (the demo mailbox shows it to them only).
      const sending = this.send({ ...mail, to: [recipient.email!], audience: { ...mail.audience!, userIds: [recipient.userId] } })
        .catch((error: unknown) => this.log.error({ err: error, userId: recipient.userId }, 'notification mail failed'))
        .finally(() => this.#pending.delete(sending));
      this.#pending.add(sending);
    }
  }
}
