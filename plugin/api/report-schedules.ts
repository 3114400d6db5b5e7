import type {
  ReportSchedule,
  ReportScheduleInput,
  ReportScheduleList,
  ReportScheduleListQuery,
  ReportScheduleUpdate,
  ReportSent,
} from '../../contract/report-schedules.ts';
import { AreaApi } from './request.ts';
export * from '../../contract/report-schedules.ts';

/** *Reports*: the schedules of reports mailed to their recipients. */
export class ReportSchedulesApi extends AreaApi {
  /** One page of the schedules visible to the user, sorted on the server. */
  list(query: Required<ReportScheduleListQuery>, signal?: AbortSignal): Promise<ReportScheduleList> {
    return this.http.get<ReportScheduleList>('/report-schedules', { params: query, signal });
  }

  /** Creates a schedule (409 `scheduleLimit` / `tenantScheduleLimit` past the limits). */
  create(input: ReportScheduleInput): Promise<ReportSchedule> {
    return this.http.post<ReportSchedule>('/report-schedules', input);
  }

  /** Edits a schedule (409 when someone else saved first). */
  update(id: string, input: ReportScheduleUpdate): Promise<ReportSchedule> {
    return this.http.put<ReportSchedule>(`/report-schedules/${encodeURIComponent(id)}`, input);
  }

  /** Deletes a schedule. */
  async delete(id: string, expectedVersion: number): Promise<void> {
    await this.http.delete(`/report-schedules/${encodeURIComponent(id)}`, { params: { expectedVersion } });
  }

  /** Generates the report now and mails it to the schedule's recipients. */
  sendNow(id: string): Promise<ReportSent> {
    return this.http.post<ReportSent>(`/report-schedules/${encodeURIComponent(id)}/send`, {});
  }
}
