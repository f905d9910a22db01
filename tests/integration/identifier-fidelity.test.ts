import { describe, expect, it } from 'vitest';
import { SyncLab } from '../support/sync-lab';

// Identifiers survive import -> sync -> export as written (domain §11.3): HR's 0011 and 11 are two
// people, in the connector space, the metaverse and the exported directory file.

const { flow } = SyncLab;

describe('leading zeros', () => {
  it('a file holding 0011 and 11 yields two people whose employeeId stay 0011 and 11 end to end', async () => {
    const lab = SyncLab.open();
    await lab.attributes(['employeeId', 'costCentre']);
    const hr = await lab.system('HR', { columns: ['employeeId', 'costCentre', 'displayName'] });
    lab.write(hr, [
      ['0011', '0400', 'Ann Zero'],
      ['11', '400', 'Bob Eleven'],
    ]);
    // Re-reading the schema from the file with data: this is where types are inferred.
    const refreshed = await lab.env.call('systems.refreshSchema', { id: hr.id });
    const types = Object.fromEntries(refreshed.objectTypes.flatMap((t) => t.attributes).map((a) => [a.name, a.type]));
    expect(types).toEqual({ employeeId: 'text', costCentre: 'text', displayName: 'text' });

    await lab.projectPeople(hr, [flow('employeeId', 'employeeId'), flow('costCentre', 'costCentre'), flow('displayName', 'displayName')], 'employeeId');
    const directory = await lab.system('Directory', {
      columns: ['employeeId', 'costCentre', 'displayName'],
      mode: 'exportOnly',
      noFile: true,
    });
    await lab.provisionPeople(directory, [flow('employeeId', 'employeeId'), flow('costCentre', 'costCentre'), flow('displayName', 'displayName')]);

    await lab.importAndSync(hr);
    expect(lab.csos(hr).map((c) => [c.externalId, c.attributes.employeeId, c.attributes.costCentre])).toEqual([
      ['0011', '0011', '0400'],
      ['11', '11', '400'],
    ]);
    const people = lab.mvos().map((m) => [m.attributes.employeeId, m.attributes.costCentre, m.attributes.displayName]);
    expect(people).toEqual([
      ['0011', '0400', 'Ann Zero'],
      ['11', '400', 'Bob Eleven'],
    ]);

    const exported = await lab.run(directory, 'export');
    expect(exported.activity.status).toBe('complete');
    const rows = lab.fileRows(directory).map((r) => [r.employeeId, r.costCentre, r.displayName]);
    expect(rows.sort()).toEqual([
      ['0011', '0400', 'Ann Zero'],
      ['11', '400', 'Bob Eleven'],
    ]);
  });

  it('text flowing into a numeric metaverse attribute is refused with an error rather than turned into another value', async () => {
    const lab = SyncLab.open();
    await lab.attributes(['employeeId', ['badge', 'integer']]);
    const hr = await lab.system('HR', { columns: ['employeeId', 'badge'], rows: [['E1', '0011'], ['E2', '11']] });
    await lab.projectPeople(hr, [flow('employeeId', 'employeeId'), flow('badge', 'badge')]);
    await lab.run(hr, 'import');
    const sync = await lab.run(hr, 'fullSync');

    const refused = sync.items.find((i) => i.externalId === 'E1');
    expect(refused?.errorMessage ?? '').toContain('"0011" would be stored as 11');
    expect(sync.activity.status).toBe('completeWithError');
    expect(lab.mvos().map((m) => [m.attributes.employeeId, m.attributes.badge])).toEqual([
      ['E1', undefined],
      ['E2', 11],
    ]);
  });
});
