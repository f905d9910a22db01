import type { AttributeValue, AttributeValues, CsoStatus, JoinType } from '../../../../shared/model/index';

export const CSO_STATUS_LABELS: Record<CsoStatus, string> = {
  normal: 'Normal',
  obsolete: 'Obsolete',
  pendingProvisioning: 'Pending provisioning',
};

export const JOIN_TYPE_LABELS: Record<JoinType, string> = {
  notJoined: 'Not joined',
  projected: 'Projected',
  joined: 'Joined',
  provisioned: 'Provisioned',
};

/** Lineage rows carry the join type as a plain string; unknown ones are shown as they come. */
export function joinTypeLabel(joinType: string): string {
  return (JOIN_TYPE_LABELS as Record<string, string>)[joinType] ?? joinType;
}

export function csoStatusLabel(status: string): string {
  return (CSO_STATUS_LABELS as Record<string, string>)[status] ?? status;
}

const DISPLAY_NAME_ATTRIBUTES = ['displayname', 'cn', 'name'];

function firstScalar(value: AttributeValue): string {
  return String(Array.isArray(value) ? (value[0] ?? '') : value);
}

/** Files name their columns freely, so match case-insensitively. */
export function displayNameOf(attributes: AttributeValues): string {
  const entries = Object.entries(attributes);
  for (const wanted of DISPLAY_NAME_ATTRIBUTES) {
    const hit = entries.find(([name]) => name.toLowerCase() === wanted);
    if (hit) return firstScalar(hit[1]);
  }
  return '';
}
