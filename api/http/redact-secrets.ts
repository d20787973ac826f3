/**
 * Probe details and logged errors often carry connection strings (redis://user:pass@host,
 * postgres://user:pass@host). Strip the credentials before text leaves the process.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@');
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
