import type { ErrorType, FileConnectorSettings, SchemaObjectType } from '../../../../shared/model';
import { quoteValue } from '../../../../shared/bounded-text';
import { ConnectorError } from '../types';
import { columnIndexes, columnLabel, describeHeader, readCsv } from './csv-reader';
import { splitMultiValue } from './schema-discovery';

/** One object as the connector read it: raw strings, not yet typed or compared. */
export interface ImportObject {
  rowNumber: number;
  objectType: string | null;
  externalId: string | null;
  /** Keyed by lower-cased attribute name; present only when the source holds a value. */
  values: Map<string, string[]>;
  problem: { errorType: ErrorType; message: string } | null;
  /** The row's change-type cell, trimmed, when the source reads a change file (Delta Import); else null. */
  changeType: string | null;
}

export interface ImportSourceOptions {
  /** Read the change-type column (it must be in the header): the file is a change file. */
  changeTypes?: boolean;
}

export interface ImportKey {
  objectType: string | null;
  externalId: string | null;
}

interface Layout {
  header: string[];
  typeColumn: number;
  /** -1 when absent, or when the source does not read change types. */
  changeTypeColumn: number;
  /** Per object type (lower-cased): the columns of its external ID attribute. */
  externalIdColumns: Map<string, number[]>;
  /** Per object type (lower-cased): column index -> attribute key, and which keys are multi-valued. */
  attributeColumns: Map<string, { columns: { index: number; key: string }[]; multiValued: Set<string> }>;
}

/** A row the file holds but that cannot become an object: kept as an execution item with its cause. */
function malformedRow(row: Omit<ImportObject, 'problem'>, message: string): ImportObject {
  return { ...row, problem: { errorType: 'MalformedRow', message } };
}

/**
 * Reads a file connected system's rows for an import. Two passes over the file: scanKeys() counts
 * rows and yields each row's type and external ID (duplicates must be known before anything is
 * written, domain §3.2.4), objects() yields the full rows. Both stream; neither holds the file.
 */
export class FileImportSource {
  constructor(
    private readonly settings: FileConnectorSettings,
    private readonly path: string,
    private readonly objectTypes: SchemaObjectType[],
    private readonly options: ImportSourceOptions = {},
  ) {}

  private readOptions(chunkSize: number) {
    return { delimiter: this.settings.delimiter, encoding: this.settings.encoding, chunkSize };
  }

  private layout(header: string[]): Layout {
    const typeColumn = this.settings.objectTypeColumn
      ? (columnIndexes(header, this.settings.objectTypeColumn)[0] ?? -1)
      : -1;
    // Never read as an attribute, whatever the run type: a Full Import ignores the column.
    const changeTypeColumns = this.settings.changeTypeColumn ? columnIndexes(header, this.settings.changeTypeColumn) : [];
    if (this.options.changeTypes && changeTypeColumns.length === 0) {
      throw new ConnectorError(
        `The change-type column "${this.settings.changeTypeColumn}" is not in the header of ${this.path}: a Delta Import reads a change file (columns: ${describeHeader(header)})`,
        'changeTypeColumn',
      );
    }
    const changeTypeColumn = this.options.changeTypes ? (changeTypeColumns[0] ?? -1) : -1;
    const externalIdColumns = new Map<string, number[]>();
    const attributeColumns: Layout['attributeColumns'] = new Map();
    for (const type of this.objectTypes) {
      const key = type.name.toLowerCase();
      const anchor = type.attributes.find((a) => a.isExternalId);
      externalIdColumns.set(key, anchor ? columnIndexes(header, anchor.name) : []);
      const columns: { index: number; key: string }[] = [];
      const multiValued = new Set<string>();
      for (const attribute of type.attributes) {
        if (!attribute.selected && !attribute.isExternalId) continue;
        const attributeKey = attribute.name.toLowerCase();
        if (attribute.multiValued) multiValued.add(attributeKey);
        for (const index of columnIndexes(header, attribute.name)) {
          if (index !== typeColumn && !changeTypeColumns.includes(index)) columns.push({ index, key: attributeKey });
        }
      }
      attributeColumns.set(key, { columns, multiValued });
    }
    return { header, typeColumn, changeTypeColumn, externalIdColumns, attributeColumns };
  }

  private typeOf(layout: Layout, record: string[]): string | null {
    if (this.settings.objectType) return this.settings.objectType;
    const cell = layout.typeColumn >= 0 ? (record[layout.typeColumn] ?? '').trim() : '';
    return cell === '' ? null : cell;
  }

  private externalIdOf(layout: Layout, type: string | null, record: string[]): string | null {
    if (type === null) return null;
    for (const index of layout.externalIdColumns.get(type.toLowerCase()) ?? []) {
      const cell = (record[index] ?? '').trim();
      if (cell !== '') return cell;
    }
    return null;
  }

  async *scanKeys(chunkSize: number): AsyncGenerator<ImportKey[]> {
    let layout: Layout | null = null;
    for await (const item of readCsv(this.path, this.readOptions(chunkSize))) {
      if ('header' in item) {
        layout = this.layout(item.header);
        continue;
      }
      const current = layout as Layout;
      yield item.records.map((record) => {
        const objectType = this.typeOf(current, record);
        return { objectType, externalId: this.externalIdOf(current, objectType, record) };
      });
    }
  }

  async *objects(chunkSize: number): AsyncGenerator<ImportObject[]> {
    let layout: Layout | null = null;
    for await (const item of readCsv(this.path, this.readOptions(chunkSize))) {
      if ('header' in item) {
        layout = this.layout(item.header);
        continue;
      }
      const current = layout as Layout;
      yield item.records.map((record, offset) => this.decode(current, record, item.firstRowNumber + offset));
    }
  }

  private decode(layout: Layout, record: string[], rowNumber: number): ImportObject {
    const objectType = this.typeOf(layout, record);
    const externalId = this.externalIdOf(layout, objectType, record);
    const values = new Map<string, string[]>();
    const changeType = layout.changeTypeColumn >= 0 ? (record[layout.changeTypeColumn] ?? '').trim() : null;
    if (record.length !== layout.header.length) {
      const fields = `${record.length} fields but the header has ${layout.header.length}`;
      return malformedRow({ rowNumber, objectType, externalId, values, changeType }, `Row ${rowNumber} has ${fields}`);
    }
    const nulColumn = record.findIndex((cell) => cell.includes('\0'));
    if (nulColumn >= 0) {
      // No text value holds a NUL: the row is binary or the file's encoding is wrong.
      const cell = record[nulColumn] ?? '';
      return malformedRow(
        { rowNumber, objectType, externalId, values, changeType },
        `Row ${rowNumber}, ${columnLabel(layout.header, nulColumn)} holds a NUL character: ${quoteValue(cell)}`,
      );
    }
    const columns = objectType ? layout.attributeColumns.get(objectType.toLowerCase()) : undefined;
    for (const { index, key } of columns?.columns ?? []) {
      const cell = record[index] ?? '';
      if (cell === '') continue;
      const parts = columns?.multiValued.has(key)
        ? splitMultiValue(cell, this.settings.multiValueDelimiter)
        : [cell];
      if (parts.length === 0) continue;
      const list = values.get(key);
      if (list) list.push(...parts);
      else values.set(key, parts);
    }
    return { rowNumber, objectType, externalId, values, problem: null, changeType };
  }
}
