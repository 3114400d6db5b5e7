/**
 * Just enough MIME reading for the demo mailbox and the tests: headers (with RFC 2047 encoded
 * words), nested multipart bodies, base64 and quoted-printable parts, attachments. Messages come
 * from our own mailer (nodemailer), so exotic encodings do not occur.
 */

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
  date: string | null;
  text: string;
  html: string | null;
  attachments: MailAttachment[];
}

interface Part {
  headers: Map<string, string>;
  body: Buffer;
}

function splitPart(raw: Buffer): Part {
  const text = raw.toString('latin1');
  let end = text.indexOf('\r\n\r\n');
  let gap = 4;
  if (end < 0) {
    end = text.indexOf('\n\n');
    gap = 2;
  }
  if (end < 0) end = text.length;
  const headers = new Map<string, string>();
  const unfolded = text.slice(0, end).replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.subarray(Math.min(raw.length, end + gap)) };
}

function parameter(header: string, name: string): string | undefined {
  const match = new RegExp(`${name}\\*?=("([^"]*)"|[^;\\s]+)`, 'i').exec(header);
  if (!match) return undefined;
  const value = match[2] ?? match[1]!;
  // RFC 2231 (filename*=utf-8''…)
  const extended = /^([^']*)'[^']*'(.*)$/.exec(value);
  return extended ? decodeURIComponent(extended[2]!) : decodeWords(value);
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`). */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(decodeQuotedPrintable(data.replace(/_/g, ' '))).toString('utf8'),
    );
}

function decodeQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const char = soft[i]!;
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(char.charCodeAt(0) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function decodeBody(part: Part): Buffer {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.toString('latin1').replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body.toString('latin1'));
  return part.body;
}

function walk(part: Part, into: ParsedMail): void {
  const contentType = part.headers.get('content-type') ?? 'text/plain';
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = parameter(contentType, 'boundary');
    if (!boundary) return;
    const text = part.body.toString('latin1');
    const pieces = text.split(`--${boundary}`).slice(1);
    for (const piece of pieces) {
      if (piece.startsWith('--')) break;
      walk(splitPart(Buffer.from(piece.replace(/^\r?\n/, ''), 'latin1')), into);
    }
    return;
  }
  const disposition = part.headers.get('content-disposition') ?? '';
  const filename = parameter(disposition, 'filename') ?? parameter(contentType, 'name');
  const content = decodeBody(part);
  if (filename || disposition.toLowerCase().startsWith('attachment')) {
    into.attachments.push({ filename: filename ?? 'attachment', contentType: type, content });
  } else if (type === 'text/html') {
    into.html = content.toString('utf8');
  } else if (type === 'text/plain' && into.text === '') {
    into.text = content.toString('utf8').replace(/\r\n/g, '\n');
  }
}

function addresses(value: string | undefined): string[] {
  if (!value) return [];
  return decodeWords(value)
    .split(',')
    .map((entry) => {
      const angle = /<([^>]+)>/.exec(entry);
      return (angle ? angle[1]! : entry).trim();
    })
    .filter(Boolean);
}

/** Parses a raw RFC 5322 message. */
export function parseMail(raw: Buffer): ParsedMail {
  const top = splitPart(raw);
  const messageId = /<([^>]+)>/.exec(top.headers.get('message-id') ?? '')?.[1] ?? null;
  const mail: ParsedMail = {
    messageId,
    from: decodeWords(top.headers.get('from') ?? ''),
    to: addresses(top.headers.get('to')),
    subject: decodeWords(top.headers.get('subject') ?? ''),
    date: top.headers.get('date') ?? null,
    text: '',
    html: null,
    attachments: [],
  };
  walk(top, mail);
  return mail;
}
