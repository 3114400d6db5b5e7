/** The product's one CSV writer and download header, for the console server and the MDR service. */
export { CSV_BOM, csvDocument, csvField, csvLine, type CsvValue } from '../../contract/csv.ts';
export { attachment } from '../../contract/content-disposition.ts';
