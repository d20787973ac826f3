export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:18790';

/**
 * Read on the server at request time, so one build serves any gateway: OPENTRADE_GATEWAY_URL
 * (set by `opentrade up`), then NEXT_PUBLIC_GATEWAY_URL, then the default port. The lookup goes
 * through a variable on purpose: Next inlines literal process.env.NEXT_PUBLIC_* reads at build time.
 */
export function gatewayUrl(env: Record<string, string | undefined> = process.env): string {
  const names = ['OPENTRADE_GATEWAY_URL', 'NEXT_PUBLIC_GATEWAY_URL'];
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value.replace(/\/+$/, '');
  }
  return DEFAULT_GATEWAY_URL;
}
