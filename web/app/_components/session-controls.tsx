'use client';

import { useState } from 'react';
import type { GatewayError } from '../../lib/api-client';
import type { Session, SignalAnswer } from '../../lib/gateway-types';
import { useGateway } from '../../lib/gateway-context';
import { ConfirmButton } from './confirm-button';
import { ErrorBox } from './states';

const ENDED = new Set(['stopped', 'killed', 'failed']);

/** Pause / resume / stop / kill; stop and kill ask first, kill flattens every position. */
export function SessionControls({
  session,
  onSignalled,
}: {
  session: Pick<Session, 'id' | 'status'>;
  onSignalled(): void;
}) {
  const { client } = useGateway();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<GatewayError | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const ended = ENDED.has(session.status);

  const signal = async (name: 'pause' | 'resume' | 'stop' | 'kill') => {
    if (!client) return;
    setBusy(true);
    setError(null);
    try {
      const body =
        name === 'kill'
          ? { confirm: true, reason: 'killed from the dashboard' }
          : { reason: `${name} from the dashboard` };
      const answer = await client.post<SignalAnswer>(`/sessions/${session.id}/${name}`, body);
      setSent(`${answer.signal} sent`);
      onSignalled();
    } catch (e) {
      setError(e as GatewayError);
    } finally {
      setBusy(false);
    }
  };

  if (ended) return <span className="meta">Session {session.status}.</span>;
  return (
    <div className="controls" data-testid="session-controls">
      {session.status === 'paused' ? (
        <button type="button" className="button" disabled={busy} onClick={() => void signal('resume')}>
          Resume
        </button>
      ) : (
        <button type="button" className="button" disabled={busy} onClick={() => void signal('pause')}>
          Pause
        </button>
      )}
      <ConfirmButton
        label="Stop"
        question="Stop this session? Open positions stay open."
        disabled={busy}
        onConfirm={() => void signal('stop')}
      />
      <ConfirmButton
        label="Kill"
        question="Kill this session and close all its positions at market?"
        danger
        disabled={busy}
        onConfirm={() => void signal('kill')}
      />
      {sent && (
        <span className="meta" role="status">
          {sent}
        </span>
      )}
      {error && <ErrorBox error={error} />}
    </div>
  );
}
