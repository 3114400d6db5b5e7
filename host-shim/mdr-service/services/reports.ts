/**
 * Summary reports of open incidents: when a schedule runs next, which period a run covers (the
 * seven days before the run day, the run day excluded), and the PDF itself (pdfkit).
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { ReportDay } from '../../../contract/report-schedules.ts';
import type { Incident, MdrDatabase, ReportSchedule } from '../db.ts';
import { formatNumber, formatUtc, mailTexts } from './mail-texts.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEKDAYS: ReportDay[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Midnight UTC of the day of `time`. */
function startOfUtcDay(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS;
}

/** The period a report generated at `runAt` covers: from 00:00 UTC seven days before the run day to 00:00 of the run day (exclusive). */
export function reportPeriod(runAt: number): { from: number; to: number } {
  const to = startOfUtcDay(runAt);
  return { from: to - 7 * DAY_MS, to };
}

function scheduledOn(day: number, schedule: Pick<ReportSchedule, 'day' | 'time'>): number | null {
  if (schedule.day !== 'everyDay' && WEEKDAYS[new Date(day).getUTCDay()] !== schedule.day) return null;
  const [hours, minutes] = schedule.time.split(':').map(Number) as [number, number];
  return day + (hours * 60 + minutes) * 60 * 1000;
}

/** The first scheduled time strictly after `after`. */
export function nextRunAfter(schedule: Pick<ReportSchedule, 'day' | 'time'>, after: number): number {
  for (let day = startOfUtcDay(after); ; day += DAY_MS) {
    const at = scheduledOn(day, schedule);
    if (at !== null && at > after) return at;
  }
}

/** The latest scheduled time at or before `now`. */
export function lastRunAtOrBefore(schedule: Pick<ReportSchedule, 'day' | 'time'>, now: number): number {
  for (let day = startOfUtcDay(now); ; day -= DAY_MS) {
    const at = scheduledOn(day, schedule);
    if (at !== null && at <= now) return at;
  }
}

/** Open incidents of the report: still open (or on hold), created before the end of the period and active in it. */
export function reportIncidents(db: MdrDatabase, tenantId: string | null, period: { from: number; to: number }): Incident[] {
  const scope = db.organization.get()?.consoleTenantScope ?? null;
  const items: Incident[] = [];
  for (let page = 1; ; page++) {
    const result = db.incidents.list(scope, {
      statuses: ['open', 'onHold'],
      maxCreated: period.to - 1,
      minUpdated: period.from,
      ...(tenantId ? { tenantIds: [tenantId] } : {}),
      sort: { field: 'priority', direction: 'asc' },
      page,
      pageSize: 500,
    });
    items.push(...result.items);
    if (items.length >= result.total || result.items.length === 0) break;
  }
  return items;
}

/** How many entries each ranking of the report lists. */
export const REPORT_RANKING_SIZE = 10;

/** One line of a ranking: what (id and name), and in how many of the report's incidents it occurs. */
export interface RankedEntry {
  id: string;
  name: string;
  incidents: number;
}

/**
 * What the help's redesigned reports add to the list of incidents (What's new, 06/24/2024:
 * "MITRE ATT&CK mapping for in-depth threat analysis" and "List of the most frequently attacked
 * computers to help clients focus on critical risks"): the tactics and techniques of the report's
 * incidents and the computers most of them affected, most frequent first (then by name), at most
 * {@link REPORT_RANKING_SIZE} each.
 */
export interface ReportHighlights {
  tactics: RankedEntry[];
  techniques: RankedEntry[];
  attackedComputers: RankedEntry[];
}

function ranking(counts: Map<string, { name: string; incidents: number }>): RankedEntry[] {
  return [...counts.entries()]
    .map(([id, { name, incidents }]) => ({ id, name, incidents }))
    .sort((a, b) => b.incidents - a.incidents || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .slice(0, REPORT_RANKING_SIZE);
}

/** The rankings of a report's incidents (each incident counts once per tactic, technique and computer). */
export function reportHighlights(db: MdrDatabase, incidents: readonly Incident[]): ReportHighlights {
  const tactics = new Map<string, { name: string; incidents: number }>();
  const techniques = new Map<string, { name: string; incidents: number }>();
  const computers = new Map<string, { name: string; incidents: number }>();
  const count = (into: Map<string, { name: string; incidents: number }>, id: string, name: string) => {
    const entry = into.get(id);
    if (entry) entry.incidents++;
    else into.set(id, { name, incidents: 1 });
  };
  for (const incident of incidents) {
    for (const tactic of new Map(incident.mitreTactics.map((entry) => [entry.id, entry.name]))) count(tactics, ...tactic);
    for (const technique of new Map(incident.mitreTechniques.map((entry) => [entry.id, entry.name]))) count(techniques, ...technique);
    for (const assetId of new Set(incident.affectedAssetIds)) count(computers, assetId, assetId);
  }
  const hostNames = db.assets.hostNames([...computers.keys()]);
  for (const [assetId, entry] of computers) entry.name = hostNames.get(assetId) ?? assetId;
  return { tactics: ranking(tactics), techniques: ranking(techniques), attackedComputers: ranking(computers) };
}

/** A font with Cyrillic letters for Russian reports (the 14 standard PDF fonts have none). */
const UNICODE_FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'];
const UNICODE_BOLD_FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'];

/** Everything one report needs. */
export interface ReportInput {
  scheduleName: string;
  tenantId: string | null;
  period: { from: number; to: number };
  generatedAt: number;
}

/** Renders the summary report of open incidents as a PDF. */
export async function generateReportPdf(db: MdrDatabase, input: ReportInput): Promise<{ pdf: Buffer; incidents: number }> {
  const language = db.settings.get('language').value;
  const t = mailTexts(language);
  const incidents = reportIncidents(db, input.tenantId, input.period);
  const organization = db.organization.get()?.name ?? '';
  const tenant = input.tenantId ? (db.tenants.get(input.tenantId)?.name ?? input.tenantId) : t('report.allTenants');
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${t('report.title')} — ${input.scheduleName}`, Author: 'MDR' } });
  const regular = UNICODE_FONTS.find((file) => fs.existsSync(file));
  const bold = UNICODE_BOLD_FONTS.find((file) => fs.existsSync(file));
  const fonts = { regular: regular ?? 'Helvetica', bold: bold ?? (regular ? regular : 'Helvetica-Bold') };
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font(fonts.bold).fontSize(18).text(t('report.title'));
  doc.moveDown(0.5).font(fonts.regular).fontSize(10);
  const lastDay = input.period.to - DAY_MS;
  for (const [label, value] of [
    [t('report.schedule'), input.scheduleName],
    [t('report.organization'), organization],
    [t('fields.tenant'), tenant],
    [t('report.period'), `${formatUtc(input.period.from, language, false)} – ${formatUtc(lastDay, language, false)} (UTC)`],
    [t('report.generated'), `${formatUtc(input.generatedAt, language)} UTC`],
  ] as const) {
    doc.font(fonts.bold).text(`${label}: `, { continued: true }).font(fonts.regular).text(value);
  }
  const byPriority = { high: 0, medium: 0, low: 0 };
  for (const incident of incidents) byPriority[incident.priority]++;
  doc.moveDown().font(fonts.bold).fontSize(12).text(t('report.openIncidents', { count: incidents.length }));
  doc.font(fonts.regular).fontSize(10).text(`${t('priority.high')}: ${formatNumber(byPriority.high, language)}    ${t('priority.medium')}: ${formatNumber(byPriority.medium, language)}    ${t('priority.low')}: ${formatNumber(byPriority.low, language)}`);
  doc.moveDown();
  if (incidents.length === 0) {
    doc.text(t('report.none'));
  } else {
    const columns = [
      { label: t('report.number'), width: 45 },
      { label: t('fields.priority'), width: 65 },
      { label: t('fields.status'), width: 70 },
      { label: t('report.created'), width: 85 },
      { label: t('fields.summary'), width: 230 },
    ];
    const row = (values: string[], font: string) => {
      const y = doc.y;
      if (y > doc.page.height - 90) doc.addPage();
      const top = doc.y;
      let x = doc.page.margins.left;
      let height = 0;
      doc.font(font).fontSize(9);
      values.forEach((value, index) => {
        const width = columns[index]!.width;
        height = Math.max(height, doc.heightOfString(value, { width: width - 6 }));
        doc.text(value, x, top, { width: width - 6 });
        x += width;
      });
      doc.x = doc.page.margins.left;
      doc.y = top + height + 4;
    };
    row(columns.map((column) => column.label), fonts.bold);
    for (const incident of incidents) {
      row(
        [String(incident.number), t(`priority.${incident.priority}`), t(`status.${incident.status}`), formatUtc(incident.created, language, false), incident.summary.slice(0, 300)],
        fonts.regular,
      );
    }
  }
  const highlights = reportHighlights(db, incidents);
  const section = (title: string, entries: RankedEntry[], label: (entry: RankedEntry) => string) => {
    if (entries.length === 0) return;
    if (doc.y > doc.page.height - 160) doc.addPage();
    doc.x = doc.page.margins.left;
    doc.moveDown().font(fonts.bold).fontSize(12).text(title);
    // A bookmark per section, so that a reader jumps to it from the PDF viewer's outline.
    doc.outline.addItem(title);
    doc.font(fonts.regular).fontSize(10);
    for (const entry of entries) doc.text(`${label(entry)} — ${t('report.incidentCount', { count: entry.incidents })}`);
  };
  section(t('report.mitreTactics'), highlights.tactics, (entry) => `${entry.id} ${entry.name}`);
  section(t('report.mitreTechniques'), highlights.techniques, (entry) => `${entry.id} ${entry.name}`);
  section(t('report.attackedComputers'), highlights.attackedComputers, (entry) => entry.name);
  doc.end();
  return { pdf: await done, incidents: incidents.length };
}
