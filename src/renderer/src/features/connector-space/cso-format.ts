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

const DISPLAY_NAME_ATTRIBUTES = ['displayname', 'cn', 'name', 'fullname', 'full_name', 'full name'];
const GIVEN_NAME_ATTRIBUTES = ['givenname', 'firstname', 'first_name', 'first name', 'forename'];
const SURNAME_ATTRIBUTES = ['sn', 'surname', 'lastname', 'last_name', 'last name', 'familyname'];

function firstScalar(value: AttributeValue): string {
  return String(Array.isArray(value) ? (value[0] ?? '') : value);
}

/**
 * The object's display attribute, or its given name and surname when it has none (an HR extract
 * rarely has a display name column). Files name their columns freely, so match case-insensitively.
 */
export function displayNameOf(attributes: AttributeValues): string {
  const entries = Object.entries(attributes);
  const find = (candidates: readonly string[]): string => {
    for (const wanted of candidates) {
      const hit = entries.find(([name]) => name.toLowerCase() === wanted);
      if (hit) {
        const text = firstScalar(hit[1]).trim();
        if (text) return text;
      }
    }
    return '';
  };
  return find(DISPLAY_NAME_ATTRIBUTES) || [find(GIVEN_NAME_ATTRIBUTES), find(SURNAME_ATTRIBUTES)].filter(Boolean).join(' ');
}
