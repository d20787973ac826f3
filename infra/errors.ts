// A library failure that means a service is down, recognised by the library's own error classes and
// codes (never its wording), becomes the UnavailableError both edges report as 503 / exit code.
import { isGrpcServiceError } from '@temporalio/client';
import { UnavailableError } from '../core/errors';
import { Prisma } from './adapters/db';

/** Prisma: can't reach the server, timed out reaching it, the server closed the connection. */
const PRISMA_UNREACHABLE = new Set(['P1001', 'P1002', 'P1017']);
/** PostgreSQL SQLSTATE: shutting down (admin_shutdown), starting or stopping (cannot_connect_now). */
const POSTGRES_NOT_READY = new Set(['57P01', '57P03']);
/** gRPC status codes UNAVAILABLE and DEADLINE_EXCEEDED: the Temporal frontend did not answer. */
const GRPC_DOWN = new Set([14, 4]);
/** Node's socket errors: nothing listens, the peer went away, or the name or route does not resolve. */
const SOCKET_DOWN = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

const UP_HINT = 'start the stack (`opentrade up`)';

function causeChain(e: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let cur = e; cur instanceof Error && chain.length < 8; cur = cur.cause) chain.push(cur);
  return chain;
}

const codeOf = (e: unknown): unknown => (e as { code?: unknown }).code;

function isDatabaseDown(e: unknown): boolean {
  if (e instanceof Prisma.PrismaClientInitializationError) return true;
  if (e instanceof Prisma.PrismaClientKnownRequestError) return PRISMA_UNREACHABLE.has(e.code);
  return POSTGRES_NOT_READY.has(codeOf(e) as string);
}

/** The UnavailableError that `e` (or one of its causes) amounts to, or undefined when it is no outage. */
export function asUnavailable(e: unknown): UnavailableError | undefined {
  const chain = causeChain(e);
  const known = chain.find((c): c is UnavailableError => c instanceof UnavailableError);
  if (known) return known;
  if (chain.some(isDatabaseDown)) {
    return new UnavailableError('the database', 'the database is unreachable', {
      hint: `${UP_HINT} or check DATABASE_URL`,
      cause: e,
    });
  }
  if (chain.some((c) => isGrpcServiceError(c) && GRPC_DOWN.has(c.code))) {
    return new UnavailableError('Temporal', 'Temporal is unreachable', {
      hint: `${UP_HINT} or check TEMPORAL_ADDRESS`,
      cause: e,
    });
  }
  const socket = chain.find((c) => SOCKET_DOWN.has(codeOf(c) as string)) as Error | undefined;
  if (socket)
    return new UnavailableError('a dependency', `a dependency is unreachable: ${socket.message}`, {
      hint: UP_HINT,
      cause: e,
    });
  return undefined;
}
