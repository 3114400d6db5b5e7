/**
 * CSV for spreadsheets. A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would
 * be run as a formula by Excel or LibreOffice (CSV injection): such cells get a leading apostrophe,
 * which spreadsheets show as plain text.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  // Numbers are written by this code, not typed by users: only text can smuggle a formula in.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document (CRLF line ends, UTF-8 byte order mark so that Excel reads non-Latin text right). */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): Blob {
  const text = rows.map((row) => row.map(csvCell).join(',')).join('\r\n');
  return new Blob(['\uFEFF', text, '\r\n'], { type: 'text/csv;charset=utf-8' });
}
