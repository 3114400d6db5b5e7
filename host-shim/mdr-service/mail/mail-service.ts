/**
 * The service's mail set-up: `SMTP_URL` when configured (a real relay), otherwise the embedded
 * sink on loopback (`MDR_SMTP_SINK_PORT`, default any free port) with the mailbox in
 * `<dataDir>/mailbox/`.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { describeSmtpUrl, Mailer, type OutgoingMail } from './mailer.ts';
import { startSmtpSink, type Mailbox, type SmtpSink } from './smtp-sink.ts';

export interface MailOptions {
  /** Relay (`smtp://user:password@host:port`); default `SMTP_URL`; none = the embedded sink. */
  smtpUrl?: string;
  /** Port of the embedded sink (default `MDR_SMTP_SINK_PORT` or 0 = any free port). */
  sinkPort?: number;
  /** Sender address (default `MAIL_FROM` or `MDR notifications <mdr-noreply@localhost>`). */
  from?: string;
}

/** How the MDR service sends mail. */
export class MailService {
  private constructor(
    private readonly mailer: Mailer,
    private readonly sink: SmtpSink | null,
    /** Where mail goes, without credentials (for logs and status). */
    readonly target: string,
  ) {}

  /** Connects to the relay, or starts the sink. */
  static async start(dataDir: string, options: MailOptions = {}): Promise<MailService> {
    const from = options.from ?? process.env.MAIL_FROM ?? 'MDR notifications <mdr-noreply@localhost>';
    const smtpUrl = options.smtpUrl ?? process.env.SMTP_URL;
    if (smtpUrl) return new MailService(new Mailer(smtpUrl, from), null, describeSmtpUrl(smtpUrl));
    const sink = await startSmtpSink({ dir: path.join(dataDir, 'mailbox'), port: options.sinkPort ?? Number(process.env.MDR_SMTP_SINK_PORT ?? 0) });
    return new MailService(new Mailer(`smtp://127.0.0.1:${sink.port}`, from), sink, `embedded mail sink smtp://127.0.0.1:${sink.port}`);
  }

  /** The embedded sink's mailbox, or null when a real relay is used. */
  get mailbox(): Mailbox | null {
    return this.sink?.mailbox ?? null;
  }

  /** Sends a message; the embedded sink keeps its audience beside it (linked by a fresh `Message-ID`). */
  async send(mail: OutgoingMail): Promise<void> {
    const mailbox = this.mailbox;
    if (!mailbox || !mail.audience) return this.mailer.send(mail);
    const messageId = `${crypto.randomUUID()}@mdr-service.invalid`;
    mailbox.expect(messageId, mail.audience);
    try {
      await this.mailer.send(mail, `<${messageId}>`);
    } finally {
      mailbox.forget(messageId);
    }
  }

  async close(): Promise<void> {
    this.mailer.close();
    await this.sink?.close();
  }
}
