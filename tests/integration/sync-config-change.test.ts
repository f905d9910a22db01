import { describe, expect, it } from 'vitest';
import type { AttributeFlow } from '../../src/shared/model';
import { SyncLab } from '../support/sync-lab';

const flow = (target: string, attribute: string): AttributeFlow => ({
  target,
  source: { kind: 'attribute', attribute },
  nullIsValue: false,
  initialExportOnly: false,
});

describe('configuration changes reach unchanged objects through a full sync (domain §4.1, §4.8)', () => {
  it('a new outbound rule provisions identities that already exist on the next full sync, not on a delta', async () => {
    const lab = SyncLab.open();
    await lab.attributes(['employeeId', 'firstName']);
    const hr = await lab.system('HR', { columns: ['id', 'firstName'], rows: [['E1', 'Ada'], ['E2', 'Alan']] });
    const target = await lab.system('Directory', { columns: ['id', 'name'], mode: 'exportOnly' });
    await lab.rule({
      name: 'HR in',
      connectedSystemId: hr.id,
      csObjectType: 'person',
      mvObjectType: 'person',
      direction: 'inbound',
      projectToMetaverse: true,
      flows: [flow('employeeId', 'id'), flow('firstName', 'firstName')],
    });
    await lab.importAndSync(hr);
    expect(lab.mvos()).toHaveLength(2);

    await lab.rule({
      name: 'Directory out',
      connectedSystemId: target.id,
      csObjectType: 'person',
      mvObjectType: 'person',
      direction: 'outbound',
      provisionToSystem: true,
      flows: [flow('id', 'employeeId'), flow('name', 'firstName')],
    });
    const delta = await lab.run(hr, 'deltaSync');
    expect(delta.activity.counters.provisioned).toBe(0);
    const full = await lab.run(hr, 'fullSync');
    expect(full.activity.counters.provisioned).toBe(2);
    expect((await lab.pendingExports(target)).map((p) => p.changeType)).toEqual(['create', 'create']);
    // Applied: the following full sync skips the unchanged objects again.
    const again = await lab.run(hr, 'fullSync');
    expect(again.items).toHaveLength(0);
    expect(again.activity.counters.unchanged).toBe(2);
  });
});
