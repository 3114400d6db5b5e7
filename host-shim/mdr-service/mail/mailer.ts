/**
 * Outgoing mail of the MDR service over SMTP (nodemailer). The relay comes from `SMTP_URL`
 * (`smtp://user:password@host:port`, `smtps://…` for implicit TLS); without it the service
 * starts the embedded sink and sends there. The password is never logged.
 */
import nodemailer, { type Transporter } from 'nodemailer';

/**
 * For whom a message was sent, kept beside it by the embedded sink so that the demo mailbox shows
 * each console user only their own mail (see `mailbox-access.ts`); never part of the message.
 */
export interface MailAudience {
  kind: 'verification' | 'notification' | 'report';
  /**
   * Console user ids: the user whose notification address it is (verification, notification), or
   * who created or last edited the report's schedule (report).
   */
  userIds: string[];
  /** The incident's tenant (notification; null = the root tenant) or the schedule's (report; null = all tenants). */
  tenantId: string | null;
}

/** A message the service sends. */
export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  /** For whom it is (only the embedded sink keeps it). */
  audience?: MailAudience;
}

/** Where mail goes, for logs and status (never the password). */
export function describeSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.username ? `${decodeURIComponent(parsed.username)}@` : ''}${parsed.host}`;
  } catch {
    return 'an invalid SMTP_URL';
  }
}

/** Sends mail through one SMTP relay. */
export class Mailer {
  readonly #transport: Transporter;

  constructor(
    readonly smtpUrl: string,
    readonly from: string,
  ) {
    this.#transport = nodemailer.createTransport(smtpUrl);
  }

  /** Sends one message (with `messageId`, `<…>`, when given); rejects when the relay refuses it. */
  async send(mail: OutgoingMail, messageId?: string): Promise<void> {
    await this.#transport.sendMail({
      ...(messageId ? { messageId } : {}),
      from: this.from,
      to: mail.to.join(', '),
      subject: mail.subject,
      text: mail.text,
      textEncoding: 'base64',
      attachments: mail.attachments,
    });
  }

  close(): void {
    this.#transport.close();
  }
}
