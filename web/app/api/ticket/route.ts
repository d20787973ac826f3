import { connection } from 'next/server';
import { dashboardTicket } from '../../../lib/gateway-token';

/** A fresh ticket for a page whose ticket expired (404 when this server has no gateway token). */
export async function GET(): Promise<Response> {
  await connection();
  const ticket = dashboardTicket();
  if (!ticket)
    return Response.json(
      { error: { code: 'not_found', message: 'this dashboard has no gateway token: sign in with one' } },
      { status: 404 },
    );
  return Response.json({ ticket }, { headers: { 'Cache-Control': 'no-store' } });
}
