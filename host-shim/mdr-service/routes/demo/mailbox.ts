import { attachment as contentDisposition } from '../../../../contract/content-disposition.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consoleCaller, installConsoleAuth } from '../../http/console-auth.ts';
import { NotFoundError } from '../../errors.ts';
import { mayReadMail, type MailboxReader } from '../../mail/mailbox-access.ts';
import type { StoredMail } from '../../mail/smtp-sink.ts';

/** Newest messages the mailbox lists. */
const LIST_LIMIT = 100;

/** Console permissions the console server names in `X-MDR-Host-Rights`; only this one matters here. */
const MANAGE_USERS_AND_ROLES = 'manageUsersAndRoles';

/** The reader of a request: the console user, their rights and the console's scope, and whether they administer the console. */
function readerOf(request: FastifyRequest): MailboxReader {
  const caller = consoleCaller(request);
  const header = request.headers['x-mdr-host-rights'];
  const hostRights = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((right) => right.trim());
  return { userId: caller.userId, rights: caller.rights, scope: caller.scope, administrator: hostRights.includes(MANAGE_USERS_AND_ROLES) };
}

function describe(mail: StoredMail) {
  return {
    id: mail.id,
    receivedAt: new Date(mail.receivedAt).toISOString(),
    from: mail.from,
    to: mail.envelopeTo,
    subject: mail.subject,
    text: mail.text,
    attachments: mail.attachments.map((attachment, index) => ({ index, filename: attachment.filename, contentType: attachment.contentType, size: attachment.content.length })),
  };
}

/**
 * The embedded SMTP sink's mailbox for the console's demo mailbox page (`/demo/v1/mailbox`), for
 * the console server only (its credential) on behalf of a console user (`X-MDR-User`,
 * `X-MDR-Rights`, `X-MDR-Host-Rights`): *Incident access* is needed (403 otherwise), and each user
 * gets only the messages `mayReadMail` allows; another message does not exist for them (404).
 * Answers 404 when mail goes to a real relay.
 */
export async function demoMailboxRoutes(app: FastifyInstance): Promise<void> {
  installConsoleAuth(app);
  const config = { rights: ['incidentAccess'] as const };

  const mailbox = () => {
    const box = app.mdr.mail.mailbox;
    if (!box) throw new NotFoundError('mailbox', 'noMailbox');
    return box;
  };

  /** A message the reader may see, or 404 exactly as for a message that does not exist. */
  const readable = async (request: FastifyRequest, id: string): Promise<StoredMail> => {
    const mail = await mailbox().get(id);
    if (!mail || !mayReadMail(mail, readerOf(request))) throw new NotFoundError('message');
    return mail;
  };

  app.get('/mailbox', { config: { rights: [...config.rights] } }, async (request) => {
    const reader = readerOf(request);
    return {
      messages: (await mailbox().list())
        .filter((mail) => mayReadMail(mail, reader))
        .slice(0, LIST_LIMIT)
        .map(describe),
    };
  });

  // A malformed id is just another message that does not exist (404), like one of somebody else.
  app.get<{ Params: { id: string } }>('/mailbox/:id', { config: { rights: [...config.rights] } }, async (request) =>
    describe(await readable(request, request.params.id)),
  );

  app.get<{ Params: { id: string; index: string } }>(
    '/mailbox/:id/attachments/:index',
    { config: { rights: [...config.rights] } },
    async (request, reply) => {
      const index = /^[0-9]{1,3}$/.test(request.params.index) ? Number(request.params.index) : -1;
      const attachment = (await readable(request, request.params.id)).attachments[index];
      if (!attachment) throw new NotFoundError('attachment');
      return reply
        .type(attachment.contentType)
        .header('content-disposition', contentDisposition(attachment.filename))
        .send(attachment.content);
    },
  );
}
