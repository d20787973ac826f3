// The one place a domain error becomes an HTTP answer: its class's code picks the status, its field
// becomes the dotted path, and a library error that means an outage becomes a 503 naming it.
import { DomainError, type DomainErrorCode } from '../../core/errors';
import { asUnavailable } from '../../infra/errors';
import { ApiError } from './api-error';

export const HTTP_OF_DOMAIN_CODE: Readonly<Record<DomainErrorCode, { status: number; code: string }>> = {
  invalid: { status: 400, code: 'invalid_request' },
  confirmation_required: { status: 400, code: 'confirmation_required' },
  not_found: { status: 404, code: 'not_found' },
  conflict: { status: 409, code: 'conflict' },
  refused: { status: 422, code: 'unprocessable' },
  venue_rejected: { status: 422, code: 'unprocessable' },
  unavailable: { status: 503, code: 'unavailable' },
};

export function fromDomainError(e: DomainError): ApiError {
  const { status, code } = HTTP_OF_DOMAIN_CODE[e.code];
  const message = e.hint ? `${e.message} (${e.hint})` : e.message;
  return new ApiError(
    status,
    code,
    message,
    e.field !== undefined ? [{ path: e.field, message: e.message }] : undefined,
  );
}

/** A domain error or an outage as its answer; undefined for anything else (a real 500). */
export function domainAnswer(e: unknown): ApiError | undefined {
  if (e instanceof DomainError) return fromDomainError(e);
  const down = asUnavailable(e);
  return down ? fromDomainError(down) : undefined;
}
