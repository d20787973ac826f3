import { connection } from 'next/server';
import { fetchStackHealth } from '../../lib/fetch-stack-health';
import { StackHealthPanel } from '../stack-health-panel';

/** Rendered per request with a first answer already in it, then kept fresh by the client. */
export default async function HealthPage() {
  await connection();
  const initial = await fetchStackHealth();
  return (
    <>
      <h1 className="page-title">Stack health</h1>
      <StackHealthPanel initial={initial} refreshMs={5000} />
    </>
  );
}
