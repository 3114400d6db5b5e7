import type { UpstreamFailure } from '../../contract/errors.ts';
import { AreaApi } from './request.ts';

/** How the console reaches the MDR service (never includes a password). */
export interface ConnectionStatus {
  mode: 'direct' | 'proxy';
  proxy?: { host: string; port: number; protocol: string; withCredentials: boolean };
  extraCertificates: {
    count: number;
    problem?: 'missing' | 'unreadable' | 'noCertificates';
    /** Certificates of the file left out (damaged, expired, not yet valid or not a CA); the log names them. */
    rejected?: number;
  };
  /** `.env` changed after the console started; its variables apply after a restart. */
  restartNeeded: boolean;
}

export type ConnectionStep = 'proxy' | 'proxyAuthentication' | 'tlsTrust' | 'service';

/** Result of *Test connection*: each step passed (true), failed (false) or not reached (null). */
export interface ConnectionTestResult {
  ok: boolean;
  failure?: UpstreamFailure;
  steps: { step: ConnectionStep; ok: boolean | null }[];
}

/** How the console reaches the MDR service, and *Test connection*. */
export class ConnectionApi extends AreaApi {
  /** The route to the MDR service (direct or through a proxy) and the extra certificates. */
  status(signal?: AbortSignal): Promise<ConnectionStatus> {
    return this.http.get<ConnectionStatus>('/connection', { signal });
  }

  /** Tries each step to the MDR service in turn. */
  test(): Promise<ConnectionTestResult> {
    return this.http.post<ConnectionTestResult>('/connection/test', {});
  }
}
