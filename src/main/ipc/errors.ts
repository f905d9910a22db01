import { ApiError, type FieldErrors } from '../../shared/contract';

export const notFound = (what: string): ApiError => new ApiError({ code: 'notFound', message: `${what} does not exist` });

export const conflict = (message: string, fields?: FieldErrors): ApiError =>
  new ApiError({ code: 'conflict', message, ...(fields ? { fields } : {}) });

export const invalid = (message: string, fields?: FieldErrors): ApiError =>
  new ApiError({ code: 'validation', message, ...(fields ? { fields } : {}) });

export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw notFound(what);
  return value;
}

/** SQLite's UNIQUE violation on a name column, turned into a field error. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
