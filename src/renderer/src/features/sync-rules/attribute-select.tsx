import type { ReactNode } from 'react';
import { NativeSelectField } from '../../components/native-select';
import type { AttributeOption } from './sync-rule-form';

interface AttributeSelectProps {
  value: string;
  options: AttributeOption[];
  onChange(value: string): void;
  testId: string;
  label?: string;
  ariaLabel?: string;
  error?: string | undefined;
  minWidth?: number;
  fullWidth?: boolean;
  placeholder?: string;
  /** Options after the attributes, e.g. "New column…", and the values they use. */
  extra?: ReactNode;
  reserved?: string[];
}

/** A native select of attribute names; a saved name missing from the schema stays visible and flagged. */
export function AttributeSelect(props: AttributeSelectProps) {
  const { value, options } = props;
  const known =
    options.some((o) => o.name.toLowerCase() === value.toLowerCase()) || (props.reserved ?? []).includes(value);
  // Names compare case-insensitively (domain §14): show the schema's spelling when it matches.
  const shown = options.find((o) => o.name.toLowerCase() === value.toLowerCase())?.name ?? value;
  return (
    <NativeSelectField
      label={props.label}
      ariaLabel={props.ariaLabel}
      value={shown}
      onChange={props.onChange}
      testId={props.testId}
      error={props.error}
      minWidth={props.minWidth}
      fullWidth={props.fullWidth}
    >
      <option value="">{props.placeholder ?? 'Choose…'}</option>
      {value && !known && <option value={value}>{value} (not in schema)</option>}
      {options.map((o) => (
        <option key={o.name} value={o.name}>
          {o.hint ? `${o.name} (${o.hint})` : o.name}
        </option>
      ))}
      {props.extra}
    </NativeSelectField>
  );
}
