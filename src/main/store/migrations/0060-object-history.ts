import type { Migration } from './index';

export const migration0060: Migration = {
  version: 60,
  name: 'execution items by connector space object and by metaverse object (object histories)',
  up(db) {
    db.exec(`
      -- A connector space object's history and a metaverse object's history read execution items
      -- newest first by the object they touched, across all activities.
      CREATE INDEX execution_items_by_cso ON execution_items(cso_id, id) WHERE cso_id IS NOT NULL;
      CREATE INDEX execution_items_by_mvo ON execution_items(mvo_id, id) WHERE mvo_id IS NOT NULL;
    `);
  },
};
