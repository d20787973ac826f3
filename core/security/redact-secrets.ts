// Probe details, logged errors and venue messages often carry connection strings
// (redis://user:pass@host), signed query strings (signature=…, apiKey=…) or the secrets
// themselves. Everything that leaves the process goes through here first.

const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;
const SENSITIVE_PARAM = /\b(signature|apiKey|api_key|secret|privateKey|X-MBX-APIKEY|token|password)=([^&\s"']+)/gi;

export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(URL_CREDENTIALS, '$1***@').replace(SENSITIVE_PARAM, '$1=[redacted]');
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}
