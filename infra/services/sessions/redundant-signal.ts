// Pause and resume change nothing on a session already in the wanted state; saying "pause sent"
// then reads as if something happened, so the caller says what the state already is instead.
import type { SessionState } from '../../../workflows/trading-contract';
import type { SessionSignalName } from './session-signals';

/** The line to print instead of sending `name`, or undefined when the signal would change something. */
export function redundantSignal(
  id: string,
  name: SessionSignalName,
  status: SessionState['status'],
): string | undefined {
  if (name === 'pause' && status === 'paused') return `session ${id} is already paused`;
  if (name === 'resume' && status !== 'paused')
    return status === 'running' ? `session ${id} is not paused` : `session ${id} is not paused (${status})`;
  return undefined;
}
