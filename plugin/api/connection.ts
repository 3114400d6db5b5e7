import type { AxiosInstance } from 'axios';
import { dataOf } from './request.ts';

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
  failure?: string;
  steps: { step: ConnectionStep; ok: boolean | null }[];
}

export async function getConnectionStatus(http: AxiosInstance, signal?: AbortSignal): Promise<ConnectionStatus> {
  return dataOf(http.get<ConnectionStatus>('/connection', { signal }));
}

export async function testConnection(http: AxiosInstance): Promise<ConnectionTestResult> {
  return dataOf(http.post<ConnectionTestResult>('/connection/test', {}));
}
