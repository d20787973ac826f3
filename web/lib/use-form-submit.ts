'use client';

import { useState, type FormEvent } from 'react';
import { GatewayError, type ApiClient } from './api-client';
import { useGateway } from './gateway-context';

export interface FormSubmit {
  busy: boolean;
  error: Error | null;
  onSubmit(e: FormEvent<HTMLFormElement>): void;
}

/**
 * Submitting a form to the gateway: `read` turns the fields into a body (its throw, e.g. bad JSON,
 * is shown without calling anything), then `send` posts it; a failed call is shown as the gateway's error.
 */
export function useFormSubmit<B>(
  read: (fields: FormData) => B,
  send: (client: ApiClient, body: B) => Promise<void>,
): FormSubmit {
  const { client } = useGateway();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!client) return;
    const fields = new FormData(e.currentTarget);
    setError(null);
    let body: B;
    try {
      body = read(fields);
    } catch (err) {
      setError(err as Error);
      return;
    }
    setBusy(true);
    try {
      await send(client, body);
    } catch (err) {
      setError(err instanceof GatewayError ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, onSubmit: (e) => void submit(e) };
}
