import type { AxiosInstance } from 'axios';
import { dataOf } from './request.ts';

/** Open incidents by priority and responses awaiting a decision, within the user's tenants. */
export interface IncidentSummary {
  openByPriority: { high: number; medium: number; low: number; total: number };
  responsesAwaitingDecision: number;
  /** MDR Web Console for the organization's region. */
  webConsoleUrl: string;
}

/** Reads the summary for the *Incidents* tab. */
export async function getIncidentSummary(http: AxiosInstance, signal?: AbortSignal): Promise<IncidentSummary> {
  return dataOf(http.get<IncidentSummary>('/incidents/summary', { signal }));
}
