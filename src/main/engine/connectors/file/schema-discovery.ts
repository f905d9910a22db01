import type { FileConnectorSettings } from '../../../../shared/model';
import { ConnectorError, type DiscoveredObjectType } from '../types';
import { columnIndexes, describeHeader, readCsv, readHeaderAndSamples } from './csv-reader';
import { buildAttributes } from './type-inference';

// Callers split multi-valued cells with the same rule inference used.
export { splitMultiValue } from './type-inference';

/** Types are inferred from the first this-many non-empty values of each column. */
export const TYPE_SAMPLE_SIZE = 50;

export type SchemaSettings = Pick<
  FileConnectorSettings,
  'filePath' | 'delimiter' | 'multiValueDelimiter' | 'objectType' | 'objectTypeColumn' | 'externalIdColumn'
> &
  Partial<Pick<FileConnectorSettings, 'changeTypeColumn' | 'encoding'>>;

export async function previewFile(
  filePath: string,
  options: Pick<FileConnectorSettings, 'delimiter' | 'encoding'>,
): Promise<{ columns: string[]; sampleRows: string[][] }> {
  const { header, rows } = await readHeaderAndSamples(filePath, options, 5);
  return { columns: header, sampleRows: rows };
}

function requireColumn(header: string[], column: string, role: string, path: string, field: string): void {
  if (columnIndexes(header, column).length === 0) {
    throw new ConnectorError(
      `The ${role} column "${column}" is not in the header of ${path} (columns: ${describeHeader(header)})`,
      field,
    );
  }
}

/**
 * Reads the header and samples each column, then infers attributes (see type-inference.ts).
 * With an object-type column the whole file is read to collect the type names.
 */
export async function discoverFileSchema(settings: SchemaSettings): Promise<DiscoveredObjectType[]> {
  const path = settings.filePath;
  let header: string[] | null = null;
  const samples = new Map<string, string[]>();
  const typeNames = new Map<string, string>();
  let typeColumn = -1;
  for await (const item of readCsv(path, { delimiter: settings.delimiter, encoding: settings.encoding, chunkSize: 500 })) {
    if ('header' in item) {
      header = item.header;
      requireColumn(header, settings.externalIdColumn, 'external ID', path, 'externalIdColumn');
      if (settings.objectTypeColumn) {
        requireColumn(header, settings.objectTypeColumn, 'object type', path, 'objectTypeColumn');
        typeColumn = columnIndexes(header, settings.objectTypeColumn)[0] ?? -1;
      }
      continue;
    }
    const columns = header ?? [];
    for (const record of item.records) {
      columns.forEach((column, index) => {
        if (index === typeColumn) return;
        const key = column.toLowerCase();
        const list = samples.get(key) ?? [];
        const cell = record[index] ?? '';
        if (list.length < TYPE_SAMPLE_SIZE && cell.trim() !== '') list.push(cell);
        samples.set(key, list);
      });
      if (typeColumn >= 0) {
        const typeName = (record[typeColumn] ?? '').trim();
        if (typeName && !typeNames.has(typeName.toLowerCase())) typeNames.set(typeName.toLowerCase(), typeName);
      }
    }
    const allSampled = [...samples.values()].every((list) => list.length >= TYPE_SAMPLE_SIZE);
    if (typeColumn < 0 && allSampled) break;
  }
  if (!header) throw new ConnectorError(`The file ${path} is empty: it has no header row`, 'filePath');
  const columns = header;
  if (settings.objectTypeColumn && typeNames.size === 0) {
    throw new ConnectorError(
      `The object type column "${settings.objectTypeColumn}" has no values in ${path}`,
      'objectTypeColumn',
    );
  }

  // The change-type column describes a row of a change file, not the object: never an attribute.
  const changeTypeColumns = new Set(settings.changeTypeColumn ? columnIndexes(columns, settings.changeTypeColumn) : []);
  const attributes = buildAttributes(columns, samples, settings, (index) => index === typeColumn || changeTypeColumns.has(index));
  const types = settings.objectType ? [settings.objectType.trim()] : [...typeNames.values()];
  return types.map((name) => ({ name, attributes }));
}
