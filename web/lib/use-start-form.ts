'use client';

import { useRouter } from 'next/navigation';
import { useFormSubmit, type FormSubmit } from './use-form-submit';

/**
 * A form that starts a run: posts its body to `collection` (the gateway answers `{ [noun]: { id } }`),
 * lets the page refresh its list, then opens the new run's page, `${collection}/${id}`.
 */
export function useStartForm<B>(
  collection: string,
  noun: string,
  read: (fields: FormData) => B,
  onStarted: () => void,
): FormSubmit {
  const router = useRouter();
  return useFormSubmit(read, async (client, body) => {
    const answer = await client.post<Record<string, { id: string }>>(collection, body);
    onStarted();
    router.push(`${collection}/${answer[noun].id}`);
  });
}
