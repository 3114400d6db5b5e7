import './support/accessibility-hook.ts';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import axios from 'axios';
import { LitElement } from 'lit';
import { AdminListController } from '../../host-shim/console/admin-list-controller.ts';

interface Draft {
  id?: string;
  name: string;
}

/** A save the test answers itself. */
let pending: { resolve: (text: string) => void; reject: (error: unknown) => void } | undefined;

class AdminListHost extends LitElement {
  readonly admin = new AdminListController<string[], Draft>(this, {
    load: async () => ['Alice', 'Bob'],
    comparable: (draft) => draft.name,
    validate: () => ({}),
    save: () => new Promise<string>((resolve, reject) => (pending = { resolve, reject })),
    fields: ['name'],
  });
}
customElements.define('test-admin-list-host', AdminListHost);

/** The server's refusal of the name (HTTP 400), as the console's HTTP client hands it over. */
function nameTaken(): Error {
  return new axios.AxiosError('HTTP 400', '400', undefined, undefined, {
    status: 400,
    statusText: '400',
    data: { error: 'validation', field: 'name', rule: 'nameTaken' },
    headers: {},
    config: { headers: new axios.AxiosHeaders() },
  });
}

/** Opens Alice's form and saves it; while the save is on its way, the user opens Bob's. */
async function saveAliceThenOpenBob(): Promise<{ element: AdminListHost; saved: Promise<void> }> {
  const element = await fixture<AdminListHost>(html`<test-admin-list-host></test-admin-list-host>`);
  await waitUntil(() => element.admin.list.value, 'the list did not load');
  element.admin.open({ id: 'alice', name: 'Alice' });
  element.admin.update({ name: 'Alice Smith' });
  const saved = element.admin.submit();
  await waitUntil(() => pending, 'the save was not sent');
  element.admin.close();
  element.admin.open({ id: 'bob', name: 'Bob' });
  element.admin.update({ name: 'Bob Jones' });
  return { element, saved };
}

describe("the console's administration lists", () => {
  afterEach(() => (pending = undefined));

  it("keep the form the user opened while another record's save was on its way, when that save succeeds", async () => {
    const { element, saved } = await saveAliceThenOpenBob();
    pending!.resolve('Alice Smith saved.');
    await saved;
    expect(element.admin.draft).to.deep.equal({ id: 'bob', name: 'Bob Jones' });
  });

  it("do not show another record's refusal on the form the user opened meanwhile", async () => {
    const { element, saved } = await saveAliceThenOpenBob();
    pending!.reject(nameTaken());
    await saved;
    expect(element.admin.draft).to.deep.equal({ id: 'bob', name: 'Bob Jones' });
    expect(element.admin.fieldErrors).to.deep.equal({});
    expect(element.admin.formError).to.equal('');
  });

  it('close the form after a save that succeeds, and show a refusal next to its field', async () => {
    const element = await fixture<AdminListHost>(html`<test-admin-list-host></test-admin-list-host>`);
    await waitUntil(() => element.admin.list.value, 'the list did not load');
    element.admin.open({ id: 'alice', name: 'Alice' });
    element.admin.update({ name: 'Bob' });
    let saved = element.admin.submit();
    await waitUntil(() => pending, 'the save was not sent');
    pending!.reject(nameTaken());
    await saved;
    expect(element.admin.fieldErrors).to.deep.equal({ name: 'nameTaken' });
    pending = undefined;
    element.admin.update({ name: 'Alice Smith' }, 'name');
    saved = element.admin.submit();
    await waitUntil(() => pending, 'the save was not sent');
    pending!.resolve('Alice Smith saved.');
    await saved;
    expect(element.admin.draft).to.equal(undefined);
  });
});
