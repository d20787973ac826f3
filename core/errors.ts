// The failures a person can act on, raised where they happen and told apart by class, never by
// wording: the gateway turns each `code` into an HTTP status (api/http/domain-errors.ts) and the CLI
// into an exit code and one line (cli/util/report-error.ts).

/** What kind of refusal this is; the two edges map this, so a new class needs no new mapping. */
export type DomainErrorCode =
  'invalid' | 'refused' | 'confirmation_required' | 'not_found' | 'conflict' | 'unavailable' | 'venue_rejected';

export interface DomainErrorDetails {
  /** The request field at fault, as a dotted path of the API body (`symbols`, `request.window`). */
  field?: string;
  /** How to fix it, shown after the message. */
  hint?: string;
  cause?: unknown;
}

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  readonly field?: string;
  readonly hint?: string;

  constructor(message: string, details: DomainErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.field = details.field;
    this.hint = details.hint;
  }
}

/** A value that is malformed or out of range on its own (a number, a date, a cron expression). */
export class ValidationError extends DomainError {
  readonly code = 'invalid';
}

/** A well-formed request the domain says no to: unknown strategy or symbol, too few candles, live on the sim. */
export class RefusedError extends DomainError {
  readonly code = 'refused';
}

/** An action that can cost money or positions and was not explicitly confirmed. */
export class ConfirmationRequiredError extends DomainError {
  readonly code = 'confirmation_required';
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

/** The state forbids it now: already exists, already finished, nothing to roll back to. */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

/** A service the request needs cannot be reached; trying again later may work. */
export class UnavailableError extends DomainError {
  readonly code = 'unavailable';

  constructor(
    /** Named in the message, e.g. `Temporal`, `the database`. */
    readonly dependency: string,
    message: string,
    details: DomainErrorDetails = {},
  ) {
    super(message, details);
  }
}
