import { connection } from 'next/server';
import { fetchStackHealth } from '../../../lib/fetch-stack-health';

/**
 * The page polls this rather than the gateway directly: the gateway URL stays a runtime setting,
 * and an unreachable or 503 gateway does not fill the browser console with failed requests.
 * Always 200: the body says what the gateway said.
 */
export async function GET(): Promise<Response> {
  await connection();
  return Response.json(await fetchStackHealth(), { headers: { 'Cache-Control': 'no-store' } });
}
