import type { AxiosInstance } from 'axios';
import { toApiError } from './errors.ts';
import type { ReportSchedule, ReportScheduleList, ReportScheduleInput, ReportScheduleSort } from '../../contract/report-schedules.ts';
export * from '../../contract/report-schedules.ts';

/** One page of the schedules visible to the user, sorted on the server. */
export async function listReportSchedules(
  http: AxiosInstance,
  query: { sort: ReportScheduleSort; direction: 'asc' | 'desc'; page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<ReportScheduleList> {
  try {
    return (await http.get<ReportScheduleList>('/report-schedules', { params: query, signal })).data;
  } catch (error) {
    throw toApiError(error);
  }
}

/** Creates a schedule (409 `scheduleLimit` / `tenantScheduleLimit` past the limits). */
export async function createReportSchedule(http: AxiosInstance, input: ReportScheduleInput): Promise<ReportSchedule> {
  try {
    return (await http.post<ReportSchedule>('/report-schedules', input)).data;
  } catch (error) {
    throw toApiError(error);
  }
}

/** Edits a schedule (409 when someone else saved first). */
export async function updateReportSchedule(http: AxiosInstance, id: string, input: ReportScheduleInput & { version: number }): Promise<ReportSchedule> {
  try {
    return (await http.put<ReportSchedule>(`/report-schedules/${encodeURIComponent(id)}`, input)).data;
  } catch (error) {
    throw toApiError(error);
  }
}

/** Deletes a schedule. */
export async function deleteReportSchedule(http: AxiosInstance, id: string, version: number): Promise<void> {
  try {
    await http.delete(`/report-schedules/${encodeURIComponent(id)}`, { params: { version } });
  } catch (error) {
    throw toApiError(error);
  }
}

/** Generates the report now and mails it to the schedule's recipients. */
export async function sendReportNow(http: AxiosInstance, id: string): Promise<{ sentTo: string[]; period: { from: string; to: string } }> {
  try {
    return (await http.post<{ sentTo: string[]; period: { from: string; to: string } }>(`/report-schedules/${encodeURIComponent(id)}/send`, {})).data;
  } catch (error) {
    throw toApiError(error);
  }
}
