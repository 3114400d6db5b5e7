import type { AxiosInstance } from 'axios';
import { toApiError } from './errors.ts';

/** Open incidents by priority and responses awaiting a decision, within the user's tenants. */
export interface IncidentSummary {
  openByPriority: { high: number; medium: number; low: number; total: number };
  responsesAwaitingDecision: number;
  /** MDR Web Console for the organization's region. */
  webConsoleUrl: string;
}

/** Reads the summary for the *Incidents* tab. */
export async function getIncidentSummary(http: AxiosInstance, signal?: AbortSignal): Promise<IncidentSummary> {
  try {
    return (await http.get<IncidentSummary>('/incidents/summary', { signal })).data;
  } catch (error) {
    throw toApiError(error);
  }
}
