'use client';

import type { ReactNode } from 'react';
import { GatewayError } from '../../lib/api-client';
import { useStartForm } from '../../lib/use-start-form';
import { StrategyField } from './run-form-fields';
import { ErrorBox } from './states';

/**
 * A grid form that starts a run of a strategy (session, backtest): the strategy first, then the
 * caller's fields, then the button ("Starting…" while busy) and why the last try failed.
 */
export function RunForm<B>({
  collection,
  noun,
  read,
  onStarted,
  submitLabel,
  testId,
  children,
}: {
  collection: string;
  noun: string;
  read(fields: FormData): B;
  onStarted(): void;
  submitLabel: string;
  testId: string;
  children: ReactNode;
}) {
  const { busy, error, onSubmit } = useStartForm(collection, noun, read, onStarted);
  return (
    <form className="form form-grid" onSubmit={onSubmit} data-testid={testId} noValidate>
      <StrategyField />
      {children}
      <div className="span-2">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Starting…' : submitLabel}
        </button>
      </div>
      {error && (
        <div className="span-2">
          <ErrorBox
            error={error}
            title={error instanceof GatewayError ? `The gateway refused the ${noun}` : 'Check the form'}
          />
        </div>
      )}
    </form>
  );
}
