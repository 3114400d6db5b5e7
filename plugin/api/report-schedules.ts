import type { AxiosInstance } from 'axios';
import type { ReportSchedule, ReportScheduleList, ReportScheduleInput, ReportScheduleSort } from '../../contract/report-schedules.ts';
import { dataOf } from './request.ts';
export * from '../../contract/report-schedules.ts';

/** One page of the schedules visible to the user, sorted on the server. */
export async function listReportSchedules(
  http: AxiosInstance,
  query: { sort: ReportScheduleSort; direction: 'asc' | 'desc'; page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<ReportScheduleList> {
  return dataOf(http.get<ReportScheduleList>('/report-schedules', { params: query, signal }));
}

/** Creates a schedule (409 `scheduleLimit` / `tenantScheduleLimit` past the limits). */
export async function createReportSchedule(http: AxiosInstance, input: ReportScheduleInput): Promise<ReportSchedule> {
  return dataOf(http.post<ReportSchedule>('/report-schedules', input));
}

/** Edits a schedule (409 when someone else saved first). */
export async function updateReportSchedule(http: AxiosInstance, id: string, input: ReportScheduleInput & { expectedVersion: number }): Promise<ReportSchedule> {
  return dataOf(http.put<ReportSchedule>(`/report-schedules/${encodeURIComponent(id)}`, input));
}

/** Deletes a schedule. */
export async function deleteReportSchedule(http: AxiosInstance, id: string, expectedVersion: number): Promise<void> {
  await dataOf(http.delete(`/report-schedules/${encodeURIComponent(id)}`, { params: { expectedVersion } }));
}

/** Generates the report now and mails it to the schedule's recipients. */
export async function sendReportNow(http: AxiosInstance, id: string): Promise<{ sentTo: string[]; period: { from: string; to: string } }> {
  return dataOf(http.post<{ sentTo: string[]; period: { from: string; to: string } }>(`/report-schedules/${encodeURIComponent(id)}/send`, {}));
}
