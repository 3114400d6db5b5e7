/**
 * Reading stored messages for the demo mailbox and the tests, with mailparser (kept by the author
 * of nodemailer, which writes them): encoded headers, nested multipart bodies, every transfer
 * encoding and attachment names in any charset.
 */
import { simpleParser, type AddressObject } from 'mailparser';

/** An attachment of a stored message. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** A message as the mailbox shows it. */
export interface ParsedMail {
  /** `Message-ID` without the angle brackets, or null. */
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  /** The `Date` header as an ISO time, or null. */
  date: string | null;
  text: string;
  html: string | null;
  attachments: MailAttachment[];
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return [field ?? []]
    .flat()
    .flatMap((group) => group.value)
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .map((entry) => entry.address ?? '')
    .filter(Boolean);
}

/** Parses a raw RFC 5322 message. */
export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  return {
    messageId: mail.messageId ? mail.messageId.replace(/^<|>$/g, '') : null,
    from: mail.from?.text ?? '',
    to: addresses(mail.to),
    subject: mail.subject ?? '',
    date: mail.date ? mail.date.toISOString() : null,
    text: (mail.text ?? '').replace(/\r\n/g, '\n'),
    html: typeof mail.html === 'string' ? mail.html : null,
    attachments: mail.attachments.map((attachment) => ({
      filename: attachment.filename ?? 'attachment',
      contentType: attachment.contentType,
      content: attachment.content,
    })),
  };
}
