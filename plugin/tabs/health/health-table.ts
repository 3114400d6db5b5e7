import { html, nothing } from 'lit';
import type { DownloadedFile } from '../../api/download.ts';
import { actionOutcome, busyButton, type BusyActions } from '../../components/busy-actions.ts';
import { saveFile } from '../../components/save-file.ts';
import { formatNumber, t, type TranslationKey } from '../../i18n.ts';
import type { DataTableColumn } from '../../components/mdr-data-table.ts';
import type { ListController, RowsPage } from '../../components/list-controller.ts';
import '../../components/mdr-data-table.ts';
import '../../components/mdr-state-view.ts';

/**
 * A list of *MDR Health*: the count of what matches the filters (announced when it changes), then
 * the table, which stays in place with no rows when nothing matches so the filters remain usable;
 * a failure with *Retry* in its place.
 */
export function renderHealthList<Row>(
  list: ListController<RowsPage<Row>>,
  options: { countKey: TranslationKey; label: string; columns: DataTableColumn<Row>[] },
): unknown {
  const table = (page: RowsPage<Row> | undefined, loading: boolean) => {
    const count = page
      ? html`<p class="muted" data-testid="count" aria-live="polite">${t(options.countKey, { count: page.total, formatted: formatNumber(page.total) })}</p>`
      : nothing;
    const { position } = list;
    return html`${count}
      <mdr-data-table
        label=${options.label}
        .columns=${options.columns}
        .rows=${page?.items ?? []}
        .total=${page?.total ?? 0}
        .page=${position.page}
        .pageSize=${position.pageSize}
        sort=${position.sort}
        direction=${position.direction}
        ?loading=${loading}
        @mdr-sort-change=${position.onSortChange}
        @mdr-page-change=${position.onPageChange}
      ></mdr-data-table>`;
  };
  return list.task.render({
    pending: () => table(list.value, true),
    error: (error) => html`<mdr-state-view state="error" .error=${error} @mdr-retry=${() => list.task.run()}></mdr-state-view>`,
    complete: (page) => table(page, false),
  });
}

/**
 * A filter of *MDR Health* by a set of values (MDR states, statuses): a check box each, in the
 * order of `all`; `onChange` gets the values chosen, in that order.
 */
export function renderSetFilter<V extends string>(options: {
  legend: string;
  name: string;
  all: readonly V[];
  chosen: readonly V[];
  label: (value: V) => string;
  onChange: (chosen: V[]) => void;
}): unknown {
  const { all, chosen } = options;
  const toggle = (value: V, on: boolean) => options.onChange(on ? all.filter((v) => v === value || chosen.includes(v)) : chosen.filter((v) => v !== value));
  return html`<fieldset>
    <legend>${options.legend}</legend>
    ${all.map(
      (value) => html`<label
        ><input
          type="checkbox"
          name=${options.name}
          value=${value}
          .checked=${chosen.includes(value)}
          @change=${(event: Event) => toggle(value, (event.target as HTMLInputElement).checked)}
        />${options.label(value)}</label
      >`,
    )}
  </fieldset>`;
}

/**
 * *Export to CSV* of a list of *MDR Health*: the file is fetched through the host's client and
 * saved; the button is busy until then (a second click starts nothing), and the message beside it
 * says that the file was saved or why it was not, with *Retry*.
 */
export function renderHealthExport(busy: BusyActions, download: () => Promise<DownloadedFile>): unknown {
  const start = () =>
    void busy.runReported(
      'export',
      async () => {
        const file = await download();
        saveFile(file);
        return file;
      },
      {
        done: (file) => t('health.export.done', { name: file.fileName }),
        failed: (failure) => t('health.export.failed', { reason: t(failure.messageKey) }),
      },
    );
  return html`<span class="export">${busyButton(busy, 'export', t('health.exportCsv'), start)} ${actionOutcome(busy.outcome('export'))}</span>`;
}
