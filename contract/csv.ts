/**
 * CSV for spreadsheet users (RFC 4180: comma-separated, CRLF line ends, UTF-8 with a byte order mark),
 * the one writer of the plug-in, the console server and the MDR service.
 */

/** A text starting with one of these is taken by spreadsheets as a formula (or hides one). */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** A value of one CSV cell. */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * One CSV field: quoted when it holds a quote, a comma, a semicolon (the separator of spreadsheets
 * in many European locales), a line break or outer spaces; a text starting with a formula character
 * gets a leading apostrophe, so that `=HYPERLINK(…)` in a host name is shown as text and never run
 * (CSV injection). Numbers and booleans are written by the product, not typed by users: only text
 * can smuggle a formula in.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_STARTS.has(text.charAt(0))) text = `'${text}`;
  return /[",;\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, with its CRLF. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** The UTF-8 byte order mark, so that spreadsheet programs read non-Latin names correctly. */
export const CSV_BOM = '\uFEFF';

/** A whole CSV document: the byte order mark and every line. */
export function csvDocument(rows: readonly (readonly CsvValue[])[]): string {
  return CSV_BOM + rows.map(csvLine).join('');
}
