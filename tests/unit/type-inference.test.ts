import { describe, expect, it } from 'vitest';
import { discoverFileSchema } from '../../src/main/engine/connectors/file/schema-discovery';
import { inferType } from '../../src/main/engine/connectors/file/type-inference';
import { csvText, makeTempDir, writeCsv } from '../support/temp';

// Inference never picks a number for a value a number cannot write back identically (domain §11.3).

describe('type inference keeps identifiers as text', () => {
  it.each([
    ['leading zeros', ['0011', '11']],
    ['a leading zero alone in the column', ['0011']],
    ['a negative with leading zeros', ['-007']],
    ['a decimal with leading zeros', ['00.5']],
    ['a leading +', ['+441234567890']],
    ['a leading + on a decimal', ['+1.5']],
    ['grouping separators', ['1,000', '2,500']],
    ['space grouping', ['1 000']],
    ['more than 15 significant digits', ['1234567890123456']],
    ['16 digits with a fraction', ['123456789012.3456']],
    ['surrounding spaces', [' 42']],
  ])('%s -> text', (_case, samples) => {
    expect(inferType(samples)).toBe('text');
  });

  it.each([
    [['0', '1', '-20', '300'], 'integer'],
    [['123456789012345'], 'integer'],
    [['0.5', '-0.25', '1.5', '3e2', '2'], 'decimal'],
    [['true', 'FALSE'], 'boolean'],
  ])('%j is still %s', (samples, type) => {
    expect(inferType(samples)).toBe(type);
  });

  it('infers the external-ID column as text whatever it holds', async () => {
    const dir = makeTempDir();
    const path = writeCsv(dir, 'hr.csv', csvText([['id', 'employeeId', 'age'], ['1', '0011', '30'], ['2', '11', '41']]));
    const [type] = await discoverFileSchema({
      filePath: path,
      delimiter: ',',
      multiValueDelimiter: '|',
      objectType: 'person',
      objectTypeColumn: null,
      externalIdColumn: 'id',
    });
    expect(type?.attributes.map((a) => [a.name, a.type, a.isExternalId])).toEqual([
      ['id', 'text', true],
      ['employeeId', 'text', false],
      ['age', 'integer', false],
    ]);
  });
});
