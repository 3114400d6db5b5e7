/**
 * The embedded SMTP sink: a real SMTP server (smtp-server) on loopback that accepts every message
 * and keeps it in `<dataDir>/mailbox/`, so that a person running the demo can read verification
 * codes, notifications and reports, and tests can read what the service really sent over SMTP.
 */
import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { ensurePrivateDir, makePrivate, PRIVATE_FILE_MODE } from '../../common/file-modes.ts';
import type { MailAudience } from './mailer.ts';
import { parseMail, type ParsedMail } from './mime.ts';

/** One stored message: the envelope and the parsed content. */
export interface StoredMail extends ParsedMail {
  id: string;
  receivedAt: number;
  envelopeTo: string[];
  /** For whom the service sent it (null: not known, e.g. mail from elsewhere). */
  audience: MailAudience | null;
}

interface Envelope {
  id: string;
  receivedAt: number;
  envelopeTo: string[];
  audience?: MailAudience | null;
}

/** Largest message the sink accepts (reports with a PDF are far below). */
const MAX_MESSAGE_BYTES = 20 * 1024 * 1024;

/** The mailbox folder: `<id>.eml` (raw message) and `<id>.json` (envelope) per message. */
export class Mailbox extends EventEmitter {
  /** Audiences of messages being sent, by `Message-ID`, until the message arrives. */
  readonly #expected = new Map<string, MailAudience>();

  constructor(readonly dir: string) {
    super();
    ensurePrivateDir(dir);
  }

  /** Announces the audience of a message about to be sent with this `Message-ID` (no angle brackets). */
  expect(messageId: string, audience: MailAudience): void {
    this.#expected.set(messageId, audience);
  }

  /** Drops an announced audience (the message was refused or has arrived). */
  forget(messageId: string): void {
    this.#expected.delete(messageId);
  }

  /** Stores a received message and announces it (`mail` event). */
  async store(raw: Buffer, envelopeTo: string[], receivedAt = Date.now()): Promise<StoredMail> {
    const id = `${receivedAt.toString().padStart(15, '0')}-${crypto.randomBytes(4).toString('hex')}`;
    const parsed = await parseMail(raw);
    // Only a message the service announced gets an audience: a Message-ID cannot claim one by itself.
    const audience = (parsed.messageId !== null ? this.#expected.get(parsed.messageId) : undefined) ?? null;
    if (parsed.messageId !== null) this.#expected.delete(parsed.messageId);
    // Mail holds verification codes and reports: readable by the service's user only.
    const write = (name: string, data: string | Buffer) => {
      const file = path.join(this.dir, name);
      fs.writeFileSync(file, data, { mode: PRIVATE_FILE_MODE });
      makePrivate(file);
    };
    write(`${id}.eml`, raw);
    write(`${id}.json`, JSON.stringify({ id, receivedAt, envelopeTo, audience } satisfies Envelope));
    const mail = { ...parsed, id, receivedAt, envelopeTo, audience };
    this.emit('mail', mail);
    return mail;
  }

  /** Every stored message, newest first. */
  async list(): Promise<StoredMail[]> {
    const ids = fs
      .readdirSync(this.dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .reverse()
      .map((name) => name.slice(0, -'.json'.length));
    const mails = await Promise.all(ids.map((id) => this.get(id)));
    return mails.filter((mail): mail is StoredMail => mail !== null);
  }

  /** One message by id, or null. */
  async get(id: string): Promise<StoredMail | null> {
    if (!/^[0-9]{15}-[0-9a-f]{8}$/.test(id)) return null;
    try {
      const envelope = JSON.parse(fs.readFileSync(path.join(this.dir, `${id}.json`), 'utf8')) as Envelope;
      return { ...(await parseMail(fs.readFileSync(path.join(this.dir, `${id}.eml`)))), ...envelope, audience: envelope.audience ?? null };
    } catch {
      return null;
    }
  }

  /** Resolves with the first message (stored already or arriving later) that `match` accepts. */
  waitFor(match: (mail: StoredMail) => boolean, timeoutMs = 10_000): Promise<StoredMail> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (mail: StoredMail | undefined, error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.off('mail', onMail);
        if (mail) resolve(mail);
        else reject(error);
      };
      // Listen first, then read what is stored: a message arriving while the folder is read is not missed.
      const onMail = (mail: StoredMail) => {
        if (match(mail)) settle(mail);
      };
      const timer = setTimeout(() => settle(undefined, new Error(`No matching mail within ${timeoutMs} ms`)), timeoutMs);
      this.on('mail', onMail);
      this.list().then(
        (mails) => {
          const existing = mails.find(match);
          if (existing) settle(existing);
        },
        (error: Error) => settle(undefined, error),
      );
    });
  }
}

/** A running sink. */
export interface SmtpSink {
  mailbox: Mailbox;
  port: number;
  close(): Promise<void>;
}

/** Starts the sink on 127.0.0.1 (`port` 0 = any free port). Authentication is accepted but not required. */
export async function startSmtpSink(options: { dir: string; port?: number; host?: string }): Promise<SmtpSink> {
  const mailbox = new Mailbox(options.dir);
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    banner: 'MDR demo mail sink',
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'demo' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mailbox.store(Buffer.concat(chunks), session.envelope.rcptTo.map((recipient) => recipient.address)).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      });
    },
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    mailbox,
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
