import type { HTMLAttributes, ReactNode } from 'react';
import { TemporalLink } from './gateway-link';

/** One labelled value of a `<dl className="facts">`; extra props (className, data-testid) go to the value. */
export function Fact({
  label,
  children,
  ...valueProps
}: { label: string; children: ReactNode } & HTMLAttributes<HTMLElement>) {
  return (
    <>
      <dt>{label}</dt>
      <dd {...valueProps}>{children}</dd>
    </>
  );
}

/** The Temporal workflow behind a session, backtest, run or decision. */
export function WorkflowFact({ of }: { of: { temporalUiUrl?: string | null; workflowId?: string | null } }) {
  return (
    <Fact label="Workflow">
      <TemporalLink url={of.temporalUiUrl} workflowId={of.workflowId} />
    </Fact>
  );
}
