export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  /** How to fix it, when not ok. */
  fix?: string;
  /** A failing required check makes `doctor` exit non-zero. */
  required: boolean;
}

export const ok = (name: string, detail: string, required = true): CheckResult => ({
  name,
  status: 'ok',
  detail,
  required,
});
export const warn = (name: string, detail: string, fix: string, required = false): CheckResult => ({
  name,
  status: 'warn',
  detail,
  fix,
  required,
});
export const fail = (name: string, detail: string, fix: string, required = true): CheckResult => ({
  name,
  status: 'fail',
  detail,
  fix,
  required,
});

/** Runs a probe with a deadline so one hung dependency cannot hang the whole report. */
export async function withTimeout<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
