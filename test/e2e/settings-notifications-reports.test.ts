import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { Mailbox, type StoredMail } from '../../host-shim/mdr-service/mail/smtp-sink.ts';
import { signInThroughPage } from '../support/browser.ts';
import { productInBrowser } from '../support/e2e.ts';
import { waitFor } from '../support/system.ts';

/** Polls the MDR service's mailbox folder (the sink runs in the service's process). */
async function mailMatching(mailbox: Mailbox, match: (mail: StoredMail) => boolean, timeoutMs = 30_000): Promise<StoredMail> {
  let found: StoredMail | undefined;
  await waitFor(async () => Boolean((found = (await mailbox.list()).find(match))), 'the mail', timeoutMs);
  return found!;
}

/** HH:MM (UTC) at least a minute ahead, so that the schedule is saved before its time comes. */
function soonUtc(): { time: string; at: number } {
  const now = Date.now();
  const minute = 60_000;
  const at = Math.ceil((now + (new Date(now).getUTCSeconds() > 40 ? 2 : 1) * minute) / minute) * minute;
  const date = new Date(at);
  return { time: `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`, at };
}

describe('Settings, Notifications and Reports, end to end with real mail', () => {
  // The scheduler looks every second so that the scheduled report comes within the test's minute.
  const product = productInBrowser({ env: { MDR_REPORT_TICK_MS: '1000', SMTP_URL: '' } });
  let mailbox: Mailbox;
  let page: Page;

  before(async () => {
    mailbox = new Mailbox(path.join(product.system.dataDir, 'mailbox'));
    page = await product.browser.newPage();
    await signInThroughPage(page, product.system.consoleUrl, 'admin');
  });

  let scheduled: { time: string; at: number };

  it('adds a report schedule; the list shows its next run and period', async () => {
    await page.goto(`${product.system.consoleUrl}/mdr/reports`);
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('heading', { name: 'Report delivery schedules' }).waitFor();
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('heading', { name: 'Add new schedule' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled(), true, 'Save waits for a change');
    await page.getByLabel('Schedule name').fill('E2E daily summary');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Confirm that you understand the report is sent unencrypted.').waitFor();
    await page.getByLabel(/I have read and understand that the summary report/).check();
    await page.getByLabel('To emails').fill('reports@example.com, ciso@example.com');
    await page.getByLabel('Sending day').selectOption('everyDay');
    scheduled = soonUtc();
    await page.getByLabel('Time, UTC').fill(scheduled.time);
    await page.getByText(/The next report is sent on .+ UTC and covers/).waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await panel.getByRole('cell', { name: 'E2E daily summary', exact: true }).waitFor();
    await panel.getByText(`Every day, ${scheduled.time} UTC`).waitFor();
    await panel.getByText(/covers .+ – /).first().waitFor();
  });

  it('Send now mails the PDF report through the SMTP sink', async () => {
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('button', { name: 'Send now: E2E daily summary' }).click();
    await page.getByText('The report was sent to 2 recipients.').waitFor();
    const mail = await mailMatching(mailbox, (entry) => entry.subject.includes('E2E daily summary') && entry.envelopeTo.includes('ciso@example.com'));
    assert.equal(mail.attachments[0]!.contentType, 'application/pdf');
    assert.equal(mail.attachments[0]!.content.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  it('verifies an email address with the code read from the mailbox', async () => {
    await page.getByRole('tab', { name: 'Notifications' }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('switch', { name: 'Notify via email' }).check();
    await panel.getByRole('textbox', { name: /^Email/ }).fill('admin@example.com');
    await panel.getByRole('checkbox', { name: 'Incidents' }).first().check();
    await panel.getByRole('checkbox', { name: 'Comments' }).first().check();
    const saved = Date.now() - 1000;
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await panel.getByRole('heading', { name: 'Verify the email address' }).waitFor();
    const mail = await mailMatching(mailbox, (entry) => entry.envelopeTo.includes('admin@example.com') && entry.receivedAt >= saved);
    const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
    assert.ok(code, mail.text);
    const wrong = code === '000000' ? '111111' : '000000';
    await panel.getByLabel('Verification code').fill(wrong);
    await panel.getByRole('button', { name: 'Verify' }).click();
    await panel.getByText('The code is wrong. 2 attempts left.').waitFor();
    await panel.getByLabel('Verification code').fill(code);
    await panel.getByRole('button', { name: 'Verify' }).click();
    await panel.getByText('The address admin@example.com is verified.').waitFor();
    await page.reload();
    await page.getByRole('tabpanel').getByText('The address admin@example.com is verified.').waitFor();
  });

  it('changes auto-acceptance as MDR Administrator; the section asks before leaving unsaved edits', async () => {
    await page.getByRole('tab', { name: 'Settings' }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('radio', { name: 'Allow changing the response auto-acceptance option for all tenants' }).check();
    await page.getByRole('tab', { name: 'MDR Usage' }).click();
    await page.getByRole('dialog').getByText('Leave without saving?').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Stay' }).click();
    await page.getByRole('tab', { name: 'Settings', selected: true }).waitFor();
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The settings are saved.').waitFor();
    await page.reload();
    await page
      .getByRole('tabpanel')
      .getByRole('radio', { name: 'Allow changing the response auto-acceptance option for all tenants' })
      .and(page.locator(':checked'))
      .waitFor();
  });

  it('receives the scheduled report at its UTC time', async () => {
    const mail = await mailMatching(
      mailbox,
      (entry) => entry.subject.includes('E2E daily summary') && entry.envelopeTo.includes('reports@example.com') && entry.receivedAt >= scheduled.at,
      Math.max(30_000, scheduled.at - Date.now() + 30_000),
    );
    assert.match(mail.text, /The report lists [\d,]+ open incidents?\./);
    assert.equal(mail.attachments[0]!.content.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  it('shows the mail in the console demo mailbox, with the PDF to download', async () => {
    await page.goto(`${product.system.consoleUrl}/demo/mailbox`);
    await page.getByRole('heading', { name: 'Demo mailbox' }).waitFor();
    await page.getByRole('heading', { name: 'MDR notifications: your verification code' }).first().waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /^mdr-report-.+\.pdf$/ }).first().click();
    assert.match((await download).suggestedFilename(), /^mdr-report-\d{4}-\d{2}-\d{2}\.pdf$/);
  });
});
