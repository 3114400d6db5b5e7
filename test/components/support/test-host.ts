import axios, { AxiosHeaders, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';
import { fixture, html } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import { render, type TemplateResult } from 'lit';
import { apiContext, hostContext, type MdrHost, type RightId } from '../../../plugin/context.ts';
import { MdrApi } from '../../../plugin/api/mdr-api.ts';
import { setLocaleBaseUrl, useLanguage } from '../../../plugin/i18n.ts';
import { rightIds } from '../../../contract/rights.ts';

/** A request the plug-in made, as the console server would have received it. */
export interface RecordedRequest {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
  /** Query parameters axios was given. */
  params: Record<string, unknown>;
}

type Answer = [status: number, body: unknown] | (() => [number, unknown] | Promise<[number, unknown]>);

/**
 * A host for component tests: a real axios instance whose transport answers from a table instead of
 * the console server (the end-to-end tests use the real server), recording every request.
 */
export function createTestHost(options: {
  rights?: RightId[];
  language?: string;
  routes?: Record<string, Answer>;
  showMdrFeatures?: boolean;
}): { host: MdrHost; api: MdrApi; requests: RecordedRequest[]; notices: { kind: string; text: string }[] } {
  const requests: RecordedRequest[] = [];
  const notices: { kind: string; text: string }[] = [];
  const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
    const method = (config.method ?? 'get').toUpperCase();
    const url = (config.url ?? '').split('?')[0]!;
    const body = typeof config.data === 'string' && config.data ? JSON.parse(config.data) : config.data;
    const own = options.routes?.[`${method} ${url}`];
    // An activated organization unless a test says otherwise; that background read is not recorded
    // unless the test answers it itself, so tests see only the requests of what they exercise.
    const answer = own ?? defaultRoutes[`${method} ${url}`];
    if (own !== undefined || answer === undefined) {
      requests.push({ method, url: config.url ?? '', body, headers: AxiosHeaders.from(config.headers).toJSON() as Record<string, string>, params: { ...(config.params as Record<string, unknown> | undefined) } });
    }
    const [status, data] = answer === undefined ? [404, { error: 'notFound' }] : typeof answer === 'function' ? await answer() : answer;
    const response = { status, statusText: String(status), data, headers: {}, config, request: {} };
    if (status >= 400) {
      throw new axios.AxiosError(`HTTP ${status}`, String(status), config, {}, response);
    }
    return response;
  };
  const http = axios.create({ baseURL: '/api/plugins/mdr', adapter });
  const host: MdrHost = {
    user: { id: 'user-1', displayName: 'Test User' },
    rights: options.rights ?? ['incidentAccess'],
    language: options.language ?? 'en',
    http,
    localeBaseUrl: '/locales/',
    basePath: '/mdr',
    navigation: { openDevice: () => undefined, openExternal: () => undefined },
    notify: (notice) => notices.push(notice),
    confirm: async () => true,
    showMdrFeatures: options.showMdrFeatures ?? true,
  };
  return { host, api: new MdrApi(http), requests, notices };
}

/**
 * Mounts one element of the plug-in (a tab, a panel) on its own, under an element that provides the
 * host and the API client as `<mdr-section>` does, once the host's language is loaded.
 */
export async function mountWithHost<T extends Element>(host: MdrHost, template: TemplateResult, api = new MdrApi(host.http)): Promise<T> {
  if (host.localeBaseUrl) setLocaleBaseUrl(host.localeBaseUrl);
  await useLanguage(host.language);
  const providers = await fixture<HTMLDivElement>(html`<div></div>`);
  new ContextProvider(providers, { context: hostContext, initialValue: host });
  new ContextProvider(providers, { context: apiContext, initialValue: api });
  render(template, providers);
  const element = providers.firstElementChild as T | null;
  if (!element) throw new Error('the template rendered no element');
  await (element as Partial<{ updateComplete: Promise<unknown> }>).updateComplete;
  return element;
}

const defaultRoutes: Record<string, Answer> = {
  'GET /activation': [200, { status: 'active', activatedOn: '2026-01-10T00:00:00.000Z', regionCode: 'europe', hasLicense: true, version: 3 }],
  // The overview above the MDR Health lists (the dashboard widget's chart).
  'GET /assets/summary': [200, { ok: 8, warning: 2, critical: 1, absent: 1, total: 12, tenantOptions: { root: true, tenants: [] } }],
};

/** Every right of the plug-in. */
export const allRights: RightId[] = [...rightIds];
