import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mailTexts } from '../../host-shim/mdr-service/services/mail-texts.ts';

/** Mail and PDF texts use the browser's rules: i18next plurals by Intl.PluralRules, numbers by Intl.NumberFormat. */
describe('mail and report texts', () => {
  it('chooses the plural form of the language and writes the number in its form', () => {
    const en = mailTexts('en');
    assert.equal(en('report.openIncidents', { count: 1 }), '1 open incident');
    assert.equal(en('report.openIncidents', { count: 1234 }), '1,234 open incidents');
    const ru = mailTexts('ru');
    assert.equal(ru('report.openIncidents', { count: 1 }), '1 открытый инцидент');
    assert.equal(ru('report.openIncidents', { count: 3 }), '3 открытых инцидента');
    assert.equal(ru('report.openIncidents', { count: 11 }), '11 открытых инцидентов');
    assert.equal(ru('report.openIncidents', { count: 1234 }), `1${'\u00a0'}234 открытых инцидента`);
    assert.equal(mailTexts('de')('report.openIncidents', { count: 1234 }), '1.234 offene Vorfälle');
  });

  it('says how long a code is valid in words that agree with the number', () => {
    assert.match(mailTexts('en')('verification.body', { code: '123456', count: 10 }), /code is 123456\.[\s\S]*valid for 10 minutes\./);
    assert.match(mailTexts('en')('verification.body', { code: '123456', count: 1 }), /valid for 1 minute\./);
    assert.match(mailTexts('ru')('verification.body', { code: '123456', count: 10 }), /в течение 10 минут\./);
  });

  it('falls back to English for a language without a file, and keeps placeholders of data as given', () => {
    const t = mailTexts('xx');
    assert.equal(t('report.subject', { name: '<Weekly & "all">' }), 'MDR summary report: <Weekly & "all">');
    assert.equal(t('report.openIncidents', { count: 2 }), '2 open incidents');
  });
});
