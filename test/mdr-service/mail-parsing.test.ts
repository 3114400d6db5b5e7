import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { parseMail } from '../../host-shim/mdr-service/mail/mime.ts';

function compose(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new Promise((resolve, reject) => new MailComposer(options).compile().build((error, message) => (error ? reject(error) : resolve(message))));
}

describe('stored mail, read back', () => {
  it('decodes encoded headers, every body encoding and non-ASCII attachment names', async () => {
    const raw = await compose({
      from: 'MDR уведомления <mdr-noreply@localhost>',
      to: ['Алиса <alice@example.com>', 'bob@example.com'],
      subject: 'Отчет MDR: «Еженедельный» — 1 234 инцидента',
      messageId: '<report-1@mdr.local>',
      date: new Date('2026-06-10T12:00:00Z'),
      text: `Строка с длинным текстом ${'и ещё '.repeat(40)}конец.\nВторая строка = равно.`,
      attachments: [
        { filename: 'Отчет MDR 2026-06-10.pdf', content: Buffer.from('%PDF-1.7 test'), contentType: 'application/pdf' },
        { filename: 'data.csv', content: 'a,b\r\n1,2\r\n', contentType: 'text/csv' },
      ],
    });
    const mail = await parseMail(raw);
    assert.equal(mail.messageId, 'report-1@mdr.local');
    assert.equal(mail.from, '"MDR уведомления" <mdr-noreply@localhost>');
    assert.deepEqual(mail.to, ['alice@example.com', 'bob@example.com']);
    assert.equal(mail.subject, 'Отчет MDR: «Еженедельный» — 1 234 инцидента');
    assert.equal(mail.date, '2026-06-10T12:00:00.000Z');
    assert.match(mail.text, /^Строка с длинным текстом (и ещё ){40}конец\.\nВторая строка = равно\.\n?$/);
    assert.deepEqual(
      mail.attachments.map(({ filename, contentType, content }) => ({ filename, contentType, content: content.toString() })),
      [
        { filename: 'Отчет MDR 2026-06-10.pdf', contentType: 'application/pdf', content: '%PDF-1.7 test' },
        { filename: 'data.csv', contentType: 'text/csv', content: 'a,b\r\n1,2\r\n' },
      ],
    );
  });
});
