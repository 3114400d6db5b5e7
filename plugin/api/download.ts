import type { AxiosInstance } from 'axios';
import { toApiError } from './errors.ts';

/** A file the server sent as an attachment. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

/** The file name of a `Content-Disposition: attachment; filename="…"` header. */
function fileNameOf(disposition: unknown, fallback: string): string {
  const match = typeof disposition === 'string' ? /filename="?([^";]+)"?/i.exec(disposition) : null;
  return match?.[1] ?? fallback;
}

/**
 * Fetches a file through the host's client (so the session and CSRF rules apply, unlike a plain
 * link) and returns its bytes and name.
 */
export async function downloadFile(http: AxiosInstance, url: string, params: Record<string, string>, fallbackName: string): Promise<DownloadedFile> {
  try {
    const response = await http.get<Blob>(url, { params, responseType: 'blob' });
    return { blob: response.data, fileName: fileNameOf(response.headers['content-disposition'], fallbackName) };
  } catch (error) {
    throw toApiError(error);
  }
}
