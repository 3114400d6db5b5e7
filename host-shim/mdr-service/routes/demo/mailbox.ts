import type { FastifyInstance } from 'fastify';
import { verifyConsoleCredential } from '../../console-credential.ts';
import { NotFoundError, UnauthorizedError } from '../../errors.ts';

/** Newest messages the mailbox lists. */
const LIST_LIMIT = 100;

/**
 * The embedded SMTP sink's mailbox for the console's demo mailbox page (`/demo/v1/mailbox`), for
 * the console server only (its credential). Answers 404 when mail goes to a real relay.
 */
export async function demoMailboxRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!match || !verifyConsoleCredential(match[1]!, app.mdr.consoleCredential)) throw new UnauthorizedError();
  });

  const mailbox = () => {
    const box = app.mdr.mail.mailbox;
    if (!box) throw new NotFoundError('mailbox', 'noMailbox');
    return box;
  };

  app.get('/mailbox', async () => ({
    messages: mailbox()
      .list()
      .slice(0, LIST_LIMIT)
      .map((mail) => ({
        id: mail.id,
        receivedAt: new Date(mail.receivedAt).toISOString(),
        from: mail.from,
        to: mail.envelopeTo,
        subject: mail.subject,
        text: mail.text,
        attachments: mail.attachments.map((attachment, index) => ({ index, filename: attachment.filename, contentType: attachment.contentType, size: attachment.content.length })),
      })),
  }));

  app.get<{ Params: { id: string; index: string } }>('/mailbox/:id/attachments/:index', async (request, reply) => {
    const attachment = mailbox().get(request.params.id)?.attachments[Number(request.params.index)];
    if (!attachment) throw new NotFoundError('attachment');
    return reply
      .type(attachment.contentType)
      .header('content-disposition', `attachment; filename="${attachment.filename.replace(/[^\w.-]/g, '_')}"`)
      .send(attachment.content);
  });
}
