/** One validation problem, located by a dotted path inside the request part it came from. */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * An error whose status, code and message are safe to show to the client. Anything else thrown
 * inside a route becomes a generic 500 so internals never leak.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): { error: { code: string; message: string; issues?: FieldIssue[] } } {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}
