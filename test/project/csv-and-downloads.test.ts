import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attachment, fileNameFromDisposition } from '../../contract/content-disposition.ts';
import { CSV_BOM, csvDocument, csvField, csvLine } from '../../contract/csv.ts';
import * as common from '../../host-shim/common/csv.ts';
import { toCsv } from '../../plugin/csv.ts';

describe('the one CSV writer', () => {
  it('neutralizes every formula start in text with a leading apostrophe, and only at the start of text', () => {
    const starts: [start: string, field: string][] = [
      ['=', `'=HYPERLINK(""https://evil.example"")`],
      ['+', `'+HYPERLINK(""https://evil.example"")`],
      ['-', `'-HYPERLINK(""https://evil.example"")`],
      ['@', `'@HYPERLINK(""https://evil.example"")`],
      ['\t', `'\tHYPERLINK(""https://evil.example"")`],
      ['\r', `'\rHYPERLINK(""https://evil.example"")`],
    ];
    for (const [start, field] of starts) {
      // The quotes of the formula make the field quoted as well.
      assert.equal(csvField(`${start}HYPERLINK("https://evil.example")`), `"${field}"`, JSON.stringify(start));
    }
    assert.equal(csvField('=1+1'), "'=1+1");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField('-'), "'-");
    assert.equal(csvField(-5), '-5', 'a number the product wrote stays a number');
    assert.equal(csvField('a=b'), 'a=b', 'a formula character inside text is harmless');
    assert.equal(csvField(' =1'), '" =1"', 'a formula after an outer space: quoted with its space, as any outer space');
    assert.equal(csvField('#1'), '#1');
    assert.equal(csvField(''), '');
  });

  it('quotes quotes, commas, semicolons, line breaks and outer spaces, and leaves the rest bare', () => {
    const fields: [value: Parameters<typeof csvField>[0], field: string][] = [
      ['say "hi"', '"say ""hi"""'],
      ['a,b', '"a,b"'],
      ['a;b', '"a;b"'],
      ['two\nlines', '"two\nlines"'],
      ['two\rlines', '"two\rlines"'],
      [' padded', '" padded"'],
      ['padded ', '"padded "'],
      ['in side', 'in side'],
      ["it's", "it's"],
      ['Филиал', 'Филиал'],
      [null, ''],
      [undefined, ''],
      [true, 'true'],
      [false, 'false'],
      [0, '0'],
      [1.5, '1.5'],
    ];
    for (const [value, field] of fields) assert.equal(csvField(value), field, JSON.stringify(value));
  });

  it('writes CRLF lines after a byte order mark', () => {
    assert.equal(CSV_BOM, '\uFEFF');
    assert.equal(csvLine(['a', 1, null]), 'a,1,\r\n');
    assert.equal(csvLine([]), '\r\n');
    assert.equal(csvDocument([['name', 'count'], ['=1+1', 2], ['a,b', null]]), `${CSV_BOM}name,count\r\n'=1+1,2\r\n"a,b",\r\n`);
    assert.equal(csvDocument([]), CSV_BOM);
  });

  it('the console server and the MDR service write with the same writer', () => {
    assert.equal(common.csvField, csvField);
    assert.equal(common.csvLine, csvLine);
    assert.equal(common.csvDocument, csvDocument);
    assert.equal(common.CSV_BOM, CSV_BOM);
    assert.equal(common.attachment, attachment);
  });

  it("the plug-in's file to save: UTF-8 bytes with the byte order mark, typed as CSV", async () => {
    const blob = toCsv([['Имя', 'hosts'], ['+7 495', 3]]);
    assert.equal(blob.type, 'text/csv;charset=utf-8');
    const bytes = Buffer.from(await blob.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bytes.toString('utf8'), `${CSV_BOM}Имя,hosts\r\n'+7 495,3\r\n`);
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
