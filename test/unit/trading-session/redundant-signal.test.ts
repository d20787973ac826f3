// Pause on a paused session and resume on one that is not paused change nothing, and say so.
import { redundantSignal } from '../../../infra/services/sessions/redundant-signal';
import type { SessionSignalName } from '../../../infra/services/sessions/session-signals';
import type { SessionState } from '../../../workflows/trading-contract';

describe('redundantSignal', () => {
  it.each<[SessionSignalName, SessionState['status'], string | undefined]>([
    ['pause', 'paused', 'session s1 is already paused'],
    ['pause', 'running', undefined],
    ['resume', 'running', 'session s1 is not paused'],
    ['resume', 'stopping', 'session s1 is not paused (stopping)'],
    ['resume', 'paused', undefined],
    // stop and kill always act
    ['stop', 'paused', undefined],
    ['kill', 'paused', undefined],
  ])('%s on a %s session → %p', (name, status, line) => {
    expect(redundantSignal('s1', name, status)).toBe(line);
  });
});
