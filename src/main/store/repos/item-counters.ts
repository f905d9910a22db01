import type { ItemCounter } from '../../../shared/model/drill-down';

/**
 * Which execution items stand behind each counter of a run. An item carries one change type (the
 * most significant thing that happened to its object) plus an outcome line naming everything
 * else ("projected as person #4, 9 attributes flowed, provisioned to Directory (create queued)"),
 * so sync counters match the outcome's wording as the sync engine writes it. The integration test
 * tests/integration/drill-down.test.ts holds these to the counters of real runs.
 */
export const ITEM_COUNTER_PREDICATES: Record<ItemCounter, string> = {
  added: "change_type = 'added'",
  updated: "change_type = 'updated'",
  deleted: "change_type = 'deleted'",
  errors: 'error_type IS NOT NULL',
  projected: "outcome LIKE '%projected as %'",
  joined: "outcome LIKE '%joined metaverse object #%'",
  attributeFlows: "outcome LIKE '% flowed%'",
  disconnected: "(change_type = 'disconnected' OR outcome LIKE '%disconnected%')",
  provisioned: "outcome LIKE '%provisioned to %'",
  deprovisioned: "(change_type = 'deprovisioned' OR outcome LIKE '%delete queued to %')",
  pendingExports: "outcome LIKE '%queued%'",
  exported: "change_type = 'exported'",
  confirmed: "(change_type = 'exportConfirmed' OR outcome = 'export confirmed')",
  mvoDeleted: "outcome LIKE '%metaverse object #% deleted%'",
};
