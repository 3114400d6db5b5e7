import { csvDocument, type CsvValue } from '../contract/csv.ts';

/** A CSV document as a file to save, written by the product's one CSV writer. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): Blob {
  return new Blob([csvDocument(rows)], { type: 'text/csv;charset=utf-8' });
}
