import { css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import {
  MAX_SCHEDULE_NAME,
  REPORT_DAYS,
  TIME_PATTERN,
  splitEmails,
  validateReportSchedule,
  type ReportDay,
  type ReportSchedule,
  type ReportScheduleInput,
} from '../../api/report-schedules.ts';
import { formatDate, t } from '../../i18n.ts';
import { describedBy, formField, formFieldStyles, textField } from '../../components/form-field.ts';
import { blockStyles, sharedStyles } from '../../components/shared-styles.ts';
import type { UnsavedChangesAware } from '../../components/unsaved-changes.ts';
import { ruleText } from '../../failure-text.ts';
import { FormController } from '../../components/form-controller.ts';
import { MdrElement } from '../../components/mdr-element.ts';

interface Draft {
  enabled: boolean;
  unencryptedAcknowledged: boolean;
  name: string;
  tenantId: string;
  emails: string;
  day: ReportDay;
  time: string;
}

const ALL_TENANTS = '';
const DAY_MS = 24 * 60 * 60 * 1000;
const WEEKDAYS: ReportDay[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function draftOf(schedule: ReportSchedule | null): Draft {
  return schedule
    ? {
        enabled: schedule.enabled,
        unencryptedAcknowledged: schedule.unencryptedAcknowledged,
        name: schedule.name,
        tenantId: schedule.tenantId ?? ALL_TENANTS,
        emails: schedule.emails.join(', '),
        day: schedule.day,
        time: schedule.time,
      }
    : { enabled: true, unencryptedAcknowledged: false, name: '', tenantId: ALL_TENANTS, emails: '', day: 'everyDay', time: '' };
}

function inputOf(draft: Draft): ReportScheduleInput {
  return {
    enabled: draft.enabled,
    unencryptedAcknowledged: draft.unencryptedAcknowledged,
    name: draft.name,
    tenantId: draft.tenantId === ALL_TENANTS ? null : draft.tenantId,
    emails: splitEmails(draft.emails),
    day: draft.day,
    time: draft.time.trim(),
  };
}

/** The next run of a draft and the period it covers (the same rule as the MDR service), or null. */
export function previewRun(day: ReportDay, time: string, now: number): { at: number; from: number; to: number } | null {
  if (!TIME_PATTERN.test(time)) return null;
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  for (let start = Math.floor(now / DAY_MS) * DAY_MS; ; start += DAY_MS) {
    if (day !== 'everyDay' && WEEKDAYS[new Date(start).getUTCDay()] !== day) continue;
    const at = start + (hours * 60 + minutes) * 60 * 1000;
    if (at > now) return { at, from: start - 7 * DAY_MS, to: start - 1 };
  }
}

/**
 * The form of a report delivery schedule (add or edit), with the same rules as the MDR service and
 * a preview of the next run and the period it covers.
 *
 * @fires mdr-schedule-saved - detail: the saved schedule.
 * @fires mdr-dirty-change - detail: whether the form now differs from the schedule it was opened with.
 */
@customElement('mdr-report-schedule-form')
export class MdrReportScheduleForm extends MdrElement implements UnsavedChangesAware {
  static override styles = [
    sharedStyles,
    blockStyles,
    formFieldStyles,
    css`
      .check {
        display: flex;
        gap: 8px;
        align-items: flex-start;
        margin-bottom: 14px;
      }
      .check.invalid label {
        color: var(--_danger);
      }
      .preview {
        background: var(--_accent-subtle);
        padding: 8px 12px;
        border-radius: 4px;
      }
      textarea {
        min-height: 4em;
      }
    `,
  ];

  /** The schedule to edit; null to add one. */
  @property({ attribute: false }) schedule: ReportSchedule | null = null;
  /** Tenants the user may choose. */
  @property({ attribute: false }) tenants: { id: string; name: string }[] = [];

  private readonly form = new FormController<Draft>(this, {
    blank: () => draftOf(null),
    message: (_field, rule) => ruleText('reports.errors', rule),
    isDirty: (draft, original) => JSON.stringify(inputOf(draft)) !== JSON.stringify(inputOf(original)),
    controlOf: (field) => `#schedule-${field}`,
  });

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('schedule')) this.form.load(draftOf(this.schedule));
  }

  /** The form differs from the schedule it was opened with. */
  get hasUnsavedChanges(): boolean {
    return this.form.dirty;
  }

  private change(patch: Partial<Draft>): void {
    const wasDirty = this.hasUnsavedChanges;
    this.form.set(patch);
    if (this.hasUnsavedChanges !== wasDirty) {
      this.emit('mdr-dirty-change', this.hasUnsavedChanges);
    }
  }

  /** Validates and saves; focus goes to the first field with a problem. */
  async submit(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const input = inputOf(this.form.values);
    const problems = validateReportSchedule(input);
    if (!(await this.form.check(Object.fromEntries(problems.map((problem) => [problem.field, problem.rule]))))) return;
    const schedule = this.schedule;
    const saved = await this.form.run(() =>
      schedule ? api.reportSchedules.update(schedule.id, { ...input, expectedVersion: schedule.version }) : api.reportSchedules.create(input),
    );
    if (saved) this.emit('mdr-schedule-saved', saved);
  }

  /** Whether a save is under way (the owner disables its buttons). */
  get busy(): boolean {
    return this.form.busy;
  }

  /** A refused save, above the form: the schedule limits and someone else's change in words of their own. */
  private failureText(): string | undefined {
    const failure = this.form.failure;
    if (!failure) return undefined;
    const code = failure.details.code;
    if (code === 'scheduleLimit' || code === 'tenantScheduleLimit') return t(`reports.errors.${code}`);
    return t(this.form.conflict ? 'reports.errors.conflict' : failure.messageKey);
  }

  override render() {
    const draft = this.form.values;
    const error = (field: string) => this.form.errorText(field);
    const name = { id: 'schedule-name', label: t('reports.form.name'), hint: t('reports.form.nameHint'), error: error('name'), required: true };
    const tenant = { id: 'schedule-tenantId', label: t('reports.form.tenant'), error: error('tenantId') };
    const emails = { id: 'schedule-emails', label: t('reports.form.emails'), hint: t('reports.form.emailsHint'), error: error('emails'), required: true };
    const day = { id: 'schedule-day', label: t('reports.form.day'), error: error('day') };
    const time = { id: 'schedule-time', label: t('reports.form.time'), hint: t('reports.form.timeHint'), error: error('time'), required: true };
    const ackError = error('unencryptedAcknowledged');
    const failure = this.failureText();
    const preview = draft.enabled ? previewRun(draft.day, draft.time.trim(), Date.now()) : null;
    return html`<form novalidate @submit=${(event: Event) => (event.preventDefault(), void this.submit())}>
      ${failure ? html`<div class="alert" role="alert">${failure}</div>` : nothing}
      <div class="check">
        <input
          type="checkbox"
          role="switch"
          id="schedule-enabled"
          .checked=${draft.enabled}
          @change=${(event: Event) => this.change({ enabled: (event.target as HTMLInputElement).checked })}
        />
        <label for="schedule-enabled">${t('reports.form.enabled')}</label>
      </div>
      <div class="check ${ackError ? 'invalid' : ''}">
        <input
          type="checkbox"
          id="schedule-unencryptedAcknowledged"
          .checked=${draft.unencryptedAcknowledged}
          aria-invalid=${ackError ? 'true' : 'false'}
          aria-describedby=${ackError ? 'schedule-ack-error' : nothing}
          @change=${(event: Event) => this.change({ unencryptedAcknowledged: (event.target as HTMLInputElement).checked })}
        />
        <label for="schedule-unencryptedAcknowledged">${t('reports.form.acknowledge')}</label>
      </div>
      ${ackError ? html`<div class="field"><div class="error" id="schedule-ack-error" role="alert">${ackError}</div></div>` : nothing}
      ${textField(name, { maxlength: MAX_SCHEDULE_NAME + 1, value: draft.name, onInput: (value) => this.change({ name: value }) })}
      ${formField(
        tenant,
        html`<select
          id="schedule-tenantId"
          aria-describedby=${describedBy(tenant)}
          @change=${(event: Event) => this.change({ tenantId: (event.target as HTMLSelectElement).value })}
        >
          <option value=${ALL_TENANTS} ?selected=${draft.tenantId === ALL_TENANTS}>${t('reports.allTenants')}</option>
          ${this.tenants.map((entry) => html`<option value=${entry.id} ?selected=${draft.tenantId === entry.id}>${entry.name}</option>`)}
        </select>`,
      )}
      ${textField(emails, { multiline: true, value: draft.emails, onInput: (value) => this.change({ emails: value }) })}
      ${formField(
        day,
        html`<select id="schedule-day" aria-describedby=${describedBy(day)} @change=${(event: Event) => this.change({ day: (event.target as HTMLSelectElement).value as ReportDay })}>
          ${REPORT_DAYS.map((value) => html`<option value=${value} ?selected=${draft.day === value}>${t(`reports.days.${value}`)}</option>`)}
        </select>`,
      )}
      ${textField(time, { inputmode: 'numeric', placeholder: '15:00', maxlength: 5, value: draft.time, onInput: (value) => this.change({ time: value }) })}
      ${preview
        ? html`<p class="preview" data-testid="preview">
            ${t('reports.form.preview', { date: formatUtc(preview.at, true), from: formatUtc(preview.from), to: formatUtc(preview.to) })}
          </p>`
        : nothing}
      <button type="submit" hidden></button>
    </form>`;
  }
}

/** A UTC date (and time) in the interface language. */
export function formatUtc(time: number | string, withTime = false): string {
  return formatDate(time, withTime ? 'dateTime' : 'date', { timeZone: 'UTC' });
}

declare global {
  interface HTMLElementTagNameMap {
    'mdr-report-schedule-form': MdrReportScheduleForm;
  }
}
