import type { ReactNode } from 'react';
import type { ApiState } from '../../lib/use-api';
import { ErrorBox, Loading } from './states';

/** What a GET shows: a loading line, then the gateway's refusal or the data it sent. */
export function ApiView<T>({
  state,
  what,
  errorTitle,
  children,
}: {
  state: Pick<ApiState<T>, 'data' | 'error' | 'loading'>;
  what: string;
  errorTitle?: string;
  children(data: T): ReactNode;
}) {
  if (state.loading) return <Loading what={what} />;
  if (state.error) return <ErrorBox error={state.error} title={errorTitle} />;
  return <>{children(state.data!)}</>;
}
