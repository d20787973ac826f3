// The one place an error becomes what the CLI shows: one line on stderr and an exit code a script
// can branch on. The line keeps the error's own words; the class alone picks the code.
import { DomainError, type DomainErrorCode } from '../../core/errors';

/** 1: the input or the state refused it; 69 (sysexits' EX_UNAVAILABLE): a service is down, a retry later may work. */
export const EXIT_OF_DOMAIN_CODE: Readonly<Record<DomainErrorCode, number>> = {
  invalid: 1,
  refused: 1,
  confirmation_required: 1,
  not_found: 1,
  conflict: 1,
  venue_rejected: 1,
  unavailable: 69,
};

/** Anything that is not a domain error: a bug or a failure nobody named. */
export const EXIT_UNEXPECTED = 1;

export interface ErrorReport {
  exitCode: number;
  line: string;
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** `asUnavailable` recognises outages in errors no command wrapped (a Prisma or Temporal failure). */
export function errorReport(
  e: unknown,
  asUnavailable: (e: unknown) => DomainError | undefined = () => undefined,
): ErrorReport {
  const domain = e instanceof DomainError ? e : asUnavailable(e);
  if (domain)
    return {
      exitCode: EXIT_OF_DOMAIN_CODE[domain.code],
      line: `opentrade: ${oneLine(domain.message)}${domain.hint ? ` — ${domain.hint}` : ''}`,
    };
  return { exitCode: EXIT_UNEXPECTED, line: `opentrade: ${oneLine(e instanceof Error ? e.message : String(e))}` };
}
