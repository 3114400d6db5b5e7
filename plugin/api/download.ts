import { fileNameFromDisposition } from '../../contract/content-disposition.ts';
import type { PluginHttp } from './request.ts';

/** A file the server sent as an attachment. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

/**
 * Fetches a file through the host's client (so the session and CSRF rules apply, unlike a plain
 * link) and returns its bytes and name.
 */
export async function downloadFile(http: PluginHttp, url: string, params: Record<string, string>, fallbackName: string): Promise<DownloadedFile> {
  const response = await http.request<Blob>({ method: 'get', url, params, responseType: 'blob' });
  return { blob: response.data, fileName: fileNameFromDisposition(response.headers['content-disposition']) ?? fallbackName };
}
