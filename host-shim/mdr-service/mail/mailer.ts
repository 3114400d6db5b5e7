/**
 * Outgoing mail of the MDR service over SMTP (nodemailer). The relay comes from `SMTP_URL`
 * (`smtp://user:password@host:port`, `smtps://…` for implicit TLS); without it the service
 * starts the embedded sink and sends there. The password is never logged.
 */
import nodemailer, { type Transporter } from 'nodemailer';

/** A message the service sends. */
export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
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

  /** Sends one message; rejects when the relay refuses it. */
  async send(mail: OutgoingMail): Promise<void> {
    await this.#transport.sendMail({
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
