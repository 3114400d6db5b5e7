import { AreaApi } from './request.ts';

/** Open incidents by priority and responses awaiting a decision, within the user's tenants. */
export interface IncidentSummary {
  openByPriority: { high: number; medium: number; low: number; total: number };
  responsesAwaitingDecision: number;
  /** MDR Web Console for the organization's region. */
  webConsoleUrl: string;
}

/** *Incidents*: the summary the tab shows before the MDR Web Console. */
export class IncidentsApi extends AreaApi {
  /** Reads the summary for the *Incidents* tab. */
  summary(signal?: AbortSignal): Promise<IncidentSummary> {
    return this.http.get<IncidentSummary>('/incidents/summary', { signal });
  }
}
