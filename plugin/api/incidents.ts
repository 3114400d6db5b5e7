import type { IncidentSummary } from '../../contract/summaries.ts';
import { AreaApi } from './request.ts';

export type { IncidentSummary } from '../../contract/summaries.ts';

/** *Incidents*: the summary the tab shows before the MDR Web Console. */
export class IncidentsApi extends AreaApi {
  /** Reads the summary for the *Incidents* tab. */
  summary(signal?: AbortSignal): Promise<IncidentSummary> {
    return this.http.get<IncidentSummary>('/incidents/summary', { signal });
  }
}
