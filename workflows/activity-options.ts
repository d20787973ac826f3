// Named presets for proxyActivities: every activity call states its timeouts and retry policy.
import type { ActivityOptions } from '@temporalio/workflow';

/** Quick reads of our own services: short timeout, a few retries. */
export const quickIo: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds', maximumAttempts: 5 },
};
