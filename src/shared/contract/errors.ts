/** Field-level problems reported back to forms (path joined with dots, e.g. "settings.delimiter"). */
export type FieldErrors = Record<string, string>;

export type ErrorCode = 'validation' | 'notFound' | 'conflict' | 'unavailable' | 'internal';

export interface ApiErrorPayload {
  code: ErrorCode;
  message: string;
  fields?: FieldErrors;
}

/** What crosses every transport (Electron IPC, loopback bridge): never a thrown object. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorPayload };

/** Thrown on either side of the contract; carries a code so callers can branch without parsing text. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors | undefined;

  constructor(payload: ApiErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
    this.code = payload.code;
    this.fields = payload.fields;
  }

  toPayload(): ApiErrorPayload {
    return { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) };
  }
}
