/**
 * `Content-Disposition: attachment` (RFC 6266) written by every server of the product and read by the
 * plug-in: the name in plain ASCII for old clients and, in `filename*` (RFC 8187), in UTF-8, so that a
 * tenant called "Филиал" keeps its name in the downloaded file.
 */

/** The header value for a download named `fileName`. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc8187(fileName)}`;
}

/** The header value for a document shown in the browser (opened whole in a new window), saved as `fileName`. */
export function inline(fileName: string): string {
  return attachment(fileName).replace(/^attachment/, 'inline');
}

/** RFC 8187 value characters: what `encodeURIComponent` leaves, less the ones RFC 8187 reserves. */
function encodeRfc8187(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The file name a `Content-Disposition` header gives: the UTF-8 `filename*` when present and readable,
 * else `filename`; path parts are dropped (a name is never a path). `undefined` when it names none.
 */
export function fileNameFromDisposition(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  let name: string | undefined;
  const extended = /filename\*\s*=\s*([\w!#$%&+^`|~.-]+)'[\w-]*'([^;\s]+)/i.exec(header);
  if (extended && extended[1]!.toLowerCase() === 'utf-8') {
    try {
      name = decodeURIComponent(extended[2]!);
    } catch {
      name = undefined;
    }
  }
  if (name === undefined) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
    name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]) : undefined;
  }
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base ? base : undefined;
}
