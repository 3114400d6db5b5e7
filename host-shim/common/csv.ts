/**
 * CSV for spreadsheet users (RFC 4180, comma-separated, CRLF line ends), shared by the console
 * server and the MDR service.
 */

/** A text starting with one of these is taken by spreadsheets as a formula (or hides one). */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * One CSV field: quoted when needed, and a leading formula character neutralized with an apostrophe
 * so that a host name like `=HYPERLINK(...)` is shown as text and never evaluated.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && text.length > 0 && FORMULA_STARTS.has(text[0]!)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (with its CRLF). */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** The UTF-8 byte order mark, so that spreadsheet programs read non-Latin names correctly. */
export const CSV_BOM = '\uFEFF';

/** A `Content-Disposition` header value for a download named `fileName` (ASCII and UTF-8 forms). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
