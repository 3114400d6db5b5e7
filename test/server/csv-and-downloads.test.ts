import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attachment, fileNameFromDisposition } from '../../contract/content-disposition.ts';
import { CSV_BOM, csvDocument, csvField, csvLine } from '../../contract/csv.ts';

describe('the one CSV writer', () => {
  it('neutralizes every formula start in text, and only in text', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const field = csvField(`${start}HYPERLINK("http://evil.example")`);
      assert.ok(field.startsWith(`"'${start}`) || field.startsWith(`'${start}`), `${JSON.stringify(start)} gives ${field}`);
    }
    assert.equal(csvField(-5), '-5', 'a number the product wrote stays a number');
    assert.equal(csvField('a=b'), 'a=b', 'a formula character inside text is harmless');
  });

  it('quotes quotes, commas, semicolons, line breaks and outer spaces, and leaves the rest bare', () => {
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('a;b'), '"a;b"');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(' padded'), '" padded"');
    assert.equal(csvField('Филиал'), 'Филиал');
    assert.equal(csvField(null), '');
    assert.equal(csvField(undefined), '');
    assert.equal(csvField(true), 'true');
  });

  it('writes CRLF lines after a byte order mark', () => {
    assert.equal(csvLine(['a', 1, null]), 'a,1,\r\n');
    assert.equal(csvDocument([['name'], ['=1+1']]), `${CSV_BOM}name\r\n'=1+1\r\n`);
  });
});

describe('download names', () => {
  it('keeps a non-ASCII name through the header both ways, with an ASCII stand-in for old clients', () => {
    const header = attachment('mdr_configuration_Филиал (Москва)_bat.zip');
    assert.ok(header.startsWith('attachment; filename="mdr_configuration_______ (______)_bat.zip"; filename*=UTF-8\'\''), header);
    assert.ok(!/[^\x20-\x7e]/.test(header), 'the header itself is ASCII');
    assert.equal(fileNameFromDisposition(header), 'mdr_configuration_Филиал (Москва)_bat.zip');
  });

  it('reads the plain form, quoted or not, when there is no UTF-8 form', () => {
    assert.equal(fileNameFromDisposition('attachment; filename="report 2026.pdf"'), 'report 2026.pdf');
    assert.equal(fileNameFromDisposition('attachment; filename=assets.csv'), 'assets.csv');
    assert.equal(fileNameFromDisposition('attachment; filename="say \\"hi\\".txt"'), 'say "hi".txt');
  });

  it('never gives a path, and nothing for a header without a name', () => {
    assert.equal(fileNameFromDisposition('attachment; filename="../../etc/passwd"'), 'passwd');
    assert.equal(fileNameFromDisposition("attachment; filename*=UTF-8''..%2F..%2Fboot.ini"), 'boot.ini');
    assert.equal(fileNameFromDisposition('attachment'), undefined);
    assert.equal(fileNameFromDisposition(undefined), undefined);
    assert.equal(fileNameFromDisposition("attachment; filename*=UTF-8''%E0%A4%A; filename=\"fallback.txt\""), 'fallback.txt', 'a broken UTF-8 form falls back to the plain one');
  });
});
