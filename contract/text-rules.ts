/**
 * "Latin letters, digits and special characters" of the MDR help: printable ASCII. Names (tenants,
 * API connections) use the single-line form; descriptions may also break lines and use tabs. The
 * forms check it in the browser and the MDR service checks it again with the same expressions.
 */
export const LATIN_TEXT = /^[\x20-\x7E]*$/;
export const LATIN_MULTILINE = /^[\x20-\x7E\r\n\t]*$/;
