/**
 * Sends scheduled reports: on every tick, each enabled schedule whose latest scheduled time has
 * passed and has not run yet gets its PDF generated and mailed. A run is claimed in the database
 * before the work starts, so a report goes out once even with overlapping ticks or a restart.
 */
import type { MdrDatabase, ReportSchedule } from '../db.ts';
import type { OutgoingMail } from '../mail/mailer.ts';
import { formatUtc, mailTexts } from './mail-texts.ts';
import { generateReportPdf, lastRunAtOrBefore, reportPeriod } from './reports.ts';

/** A scheduled time is still sent this long after it passed (service down or busy meanwhile). */
const CATCH_UP_MS = 24 * 60 * 60 * 1000;

/** What one run did. */
export interface ReportRunResult {
  scheduleId: string;
  runAt: number;
  period: { from: number; to: number };
  sentTo: string[];
  incidents: number;
}

export class ReportScheduler {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<ReportRunResult[]> | null = null;

  constructor(
    private readonly db: MdrDatabase,
    private readonly send: (mail: OutgoingMail) => Promise<void>,
    private readonly now: () => number,
    private readonly log: { error(object: unknown, message: string): void; info(message: string): void },
  ) {}

  /** Ticks every `intervalMs` until {@link stop}. */
  start(intervalMs: number): void {
    this.stop();
    this.#timer = setInterval(() => void this.tick().catch((error: unknown) => this.log.error({ err: error }, 'report tick failed')), intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Sends every report that is due at the service's current time; one tick at a time. */
  tick(): Promise<ReportRunResult[]> {
    if (!this.#running) {
      this.#running = this.#runDue().finally(() => {
        this.#running = null;
      });
    }
    return this.#running;
  }

  async #runDue(): Promise<ReportRunResult[]> {
    if (!this.db.open) return [];
    const now = this.now();
    const results: ReportRunResult[] = [];
    for (const schedule of this.db.reportSchedules.list(null)) {
      if (!schedule.enabled) continue;
      const runAt = lastRunAtOrBefore(schedule, now);
      // Not for a time before the schedule was created or last edited, nor a stale backlog after a long pause.
      if (runAt < schedule.updated || now - runAt > CATCH_UP_MS) continue;
      const result = await this.run(schedule, runAt, false);
      if (result) results.push(result);
    }
    return results;
  }

  /** *Send now*: the report a run at this moment would send. */
  sendNow(schedule: ReportSchedule): Promise<ReportRunResult> {
    return this.run(schedule, this.now(), true) as Promise<ReportRunResult>;
  }

  /** Claims, generates and mails one run; null when this scheduled time was already claimed. */
  async run(schedule: ReportSchedule, runAt: number, manual: boolean): Promise<ReportRunResult | null> {
    const period = reportPeriod(runAt);
    const claimed = this.db.reportRuns.claim({ scheduleId: schedule.id, runAt, periodFrom: period.from, periodTo: period.to, manual });
    if (!claimed) return null;
    try {
      const generatedAt = this.now();
      const { pdf, incidents } = await generateReportPdf(this.db, { scheduleName: schedule.name, tenantId: schedule.tenantId, period, generatedAt });
      const language = this.db.settings.get('language').value;
      const t = mailTexts(language);
      const from = formatUtc(period.from, language, false);
      const to = formatUtc(period.to - 1, language, false);
      await this.send({
        to: schedule.emails,
        subject: t('report.subject', { name: schedule.name }),
        text: t('report.body', { name: schedule.name, from, to, count: incidents }),
        attachments: [{ filename: `mdr-report-${new Date(period.to).toISOString().slice(0, 10)}.pdf`, content: pdf, contentType: 'application/pdf' }],
        // The recipients were typed into the schedule, not registered by a user: the report is its editor's.
        audience: { kind: 'report', userIds: schedule.editedBy ? [schedule.editedBy] : [], tenantId: schedule.tenantId },
      });
      this.db.reportRuns.finish(claimed.id, 'sent', null, this.now());
      this.log.info(`Report "${schedule.id}" sent to ${schedule.emails.length} recipient(s)`);
      return { scheduleId: schedule.id, runAt, period, sentTo: schedule.emails, incidents };
    } catch (error) {
      if (this.db.open) this.db.reportRuns.finish(claimed.id, 'failed', error instanceof Error ? error.message : String(error), this.now());
      throw error;
    }
  }
}
