import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import { toApiError } from './errors.ts';

/** What a call may add to its request: query parameters, an abort signal, the answer's type. */
export type RequestOptions = Pick<AxiosRequestConfig, 'params' | 'signal' | 'responseType'>;

/**
 * The plug-in's calls over the host's client, with the one error path of the plug-in: every call
 * answers its data, or throws one `ApiError` (a key of a localized message, whether *Retry* can
 * help, the field and rule at fault).
 *
 * It wraps the host's axios instance rather than adding an interceptor to it or copying it: the
 * instance is the host's (its own interceptors carry the session and the CSRF token and react to a
 * lost session), and what the plug-in makes of a failure must not change what the host sees.
 */
export class PluginHttp {
  constructor(private readonly client: AxiosInstance) {}

  /** The route prefix the host's client is bound to (e.g. `/api/plugins/mdr`), without a trailing slash. */
  get baseUrl(): string {
    return (this.client.defaults.baseURL ?? '').replace(/\/$/, '');
  }

  /** The whole answer (headers included), or the failure as an `ApiError`. */
  async request<T>(config: AxiosRequestConfig): Promise<AxiosResponse<T>> {
    try {
      return await this.client.request<T>(config);
    } catch (error) {
      throw toApiError(error);
    }
  }

  async get<T>(url: string, options?: RequestOptions): Promise<T> {
    return (await this.request<T>({ ...options, method: 'get', url })).data;
  }

  async post<T>(url: string, body: unknown, options?: RequestOptions): Promise<T> {
    return (await this.request<T>({ ...options, method: 'post', url, data: body })).data;
  }

  async put<T>(url: string, body: unknown, options?: RequestOptions): Promise<T> {
    return (await this.request<T>({ ...options, method: 'put', url, data: body })).data;
  }

  async patch<T>(url: string, body: unknown, options?: RequestOptions): Promise<T> {
    return (await this.request<T>({ ...options, method: 'patch', url, data: body })).data;
  }

  async delete<T>(url: string, options?: RequestOptions): Promise<T> {
    return (await this.request<T>({ ...options, method: 'delete', url })).data;
  }
}

/** The base of the client of one area (`api.tenants`, `api.health`, …): its calls go through the one `PluginHttp`. */
export abstract class AreaApi {
  constructor(protected readonly http: PluginHttp) {}
}
