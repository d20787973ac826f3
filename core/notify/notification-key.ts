// Idempotency keys made from ids that may hold any character (session ids, symbols): the allowed
// characters pass, every other becomes `_`, so the same event always gives the same key.
export const keyPart = (s: string | number): string => String(s).replace(/[^A-Za-z0-9._-]/g, '_');

export const notificationKey = (...parts: (string | number)[]): string => parts.map(keyPart).join(':').slice(0, 200);
