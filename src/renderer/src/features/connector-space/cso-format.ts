import type { AttributeValue, AttributeValues, CsoStatus } from '../../../../shared/model/index';

export const CSO_STATUS_LABELS: Record<CsoStatus, string> = {
  normal: 'Normal',
  obsolete: 'Obsolete',
  pendingProvisioning: 'Pending provisioning',
};

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
