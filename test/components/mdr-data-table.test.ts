import './support/accessibility-hook.ts';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../plugin/components/mdr-data-table.ts';
import type { MdrDataTable } from '../../plugin/components/mdr-data-table.ts';
import { useLanguage } from '../../plugin/i18n.ts';
import { setLocaleBaseUrl } from '../../plugin/i18n.ts';
import { visibleText } from './support/dom.ts';

interface Row {
  id: string;
  name: string;
  assets: number;
}

const columns = [
  { id: 'name', label: 'Name', sortable: true },
  { id: 'assets', label: 'Assets', sortable: true, numeric: true },
  { id: 'id', label: 'ID' },
];

async function renderTable(props: Partial<MdrDataTable<Row>> = {}) {
  setLocaleBaseUrl('/locales/');
  await useLanguage('en');
  const rows: Row[] = [
    { id: 't1', name: 'Alpha', assets: 3 },
    { id: 't2', name: 'Beta', assets: 1200 },
  ];
  return fixture<MdrDataTable<Row>>(html`<mdr-data-table
    .columns=${columns}
    .rows=${rows}
    total=${props.total ?? 60}
    page=${props.page ?? 1}
    page-size=${props.pageSize ?? 25}
    sort=${props.sort ?? 'name'}
    direction=${props.direction ?? 'asc'}
    label="Tenants"
  ></mdr-data-table>`);
}

describe('mdr-data-table', () => {
  it('shows each row as a card of labelled values when its box is narrower than its stack-below width, and a table otherwise', async () => {
    setLocaleBaseUrl('/locales/');
    await useLanguage('en');
    const rows: Row[] = [{ id: 't1', name: 'Alpha', assets: 3 }];
    const inBox = (width: number, stackBelow: string) =>
      fixture<HTMLDivElement>(html`<div style="width: ${width}px">
        <mdr-data-table .columns=${columns} .rows=${rows} total="1" page="1" page-size="25" sort="name" direction="asc" label="Tenants" stack-below=${stackBelow}></mdr-data-table>
      </div>`);
    const cells = (box: HTMLDivElement) => Array.from(box.querySelector('mdr-data-table')!.shadowRoot!.querySelectorAll('td'));
    const headers = (box: HTMLDivElement) => Array.from(box.querySelector('mdr-data-table')!.shadowRoot!.querySelectorAll('th'));

    const narrow = await inBox(700, 'medium');
    expect(cells(narrow).map((cell) => getComputedStyle(cell).display)).to.deep.equal(['block', 'block', 'block']);
    expect(cells(narrow).map((cell) => getComputedStyle(cell, '::before').content)).to.deep.equal(['"Name" / ""', '"Assets" / ""', '"ID" / ""']);
    // Sortable headers stay as sort buttons; the others are the cards' labels now.
    expect(headers(narrow).map((header) => getComputedStyle(header).display)).to.deep.equal(['block', 'block', 'none']);
    expect(cells(narrow)[0]!.getAttribute('role')).to.equal('cell');

    const wide = await inBox(1000, 'medium');
    expect(cells(wide).map((cell) => getComputedStyle(cell).display)).to.deep.equal(['table-cell', 'table-cell', 'table-cell']);
    const wideOnly = await inBox(1000, 'wide');
    expect(getComputedStyle(cells(wideOnly)[0]!).display, 'a wide table stacks in 1,000 px').to.equal('block');
  });

  it('shows the page it was given with the range and page count', async () => {
    const table = await renderTable();
    const text = visibleText(table);
    expect(text).to.include('Alpha');
    expect(text).to.include('1,200');
    expect(text).to.include('1–25 of 60');
    expect(text).to.include('Page 1 of 3');
    expect(table.shadowRoot!.querySelector('table')!.getAttribute('aria-label')).to.equal('Tenants');
  });

  it('tells assistive technology how it is sorted and asks for the other order on click', async () => {
    const table = await renderTable({ sort: 'name', direction: 'asc' });
    const headers = table.shadowRoot!.querySelectorAll('th');
    expect(headers[0]!.getAttribute('aria-sort')).to.equal('ascending');
    expect(headers[1]!.getAttribute('aria-sort')).to.equal('none');
    expect(headers[2]!.hasAttribute('aria-sort')).to.equal(false);
    setTimeout(() => headers[0]!.querySelector('button')!.click());
    const same = await oneEvent(table, 'mdr-sort-change');
    expect(same.detail).to.deep.equal({ sort: 'name', direction: 'desc' });
    setTimeout(() => headers[1]!.querySelector('button')!.click());
    const other = await oneEvent(table, 'mdr-sort-change');
    expect(other.detail).to.deep.equal({ sort: 'assets', direction: 'asc' });
  });

  it('asks for the next page and for a new page size from the first page', async () => {
    const table = await renderTable({ page: 2 });
    const buttons = [...table.shadowRoot!.querySelectorAll<HTMLButtonElement>('.pager button')];
    expect(buttons.map((button) => button.disabled)).to.deep.equal([false, false]);
    setTimeout(() => buttons[1]!.click());
    expect((await oneEvent(table, 'mdr-page-change')).detail).to.deep.equal({ page: 3, pageSize: 25 });
    const select = table.shadowRoot!.querySelector('select')!;
    select.value = '50';
    setTimeout(() => select.dispatchEvent(new Event('change')));
    expect((await oneEvent(table, 'mdr-page-change')).detail).to.deep.equal({ page: 1, pageSize: 50 });
  });

  it('disables Next on the last page', async () => {
    const table = await renderTable({ page: 3 });
    const buttons = [...table.shadowRoot!.querySelectorAll<HTMLButtonElement>('.pager button')];
    expect(buttons.map((button) => button.disabled)).to.deep.equal([false, true]);
  });
});
