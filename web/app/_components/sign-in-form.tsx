'use client';

import { useState, type FormEvent } from 'react';
import { useGateway } from '../../lib/gateway-context';

/** Shown when the dashboard has no gateway token, or the gateway refused the one it had (401). */
export function SignInForm() {
  const { signIn, gatewayUrl } = useGateway();
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const token = value.trim();
    if (token.length < 32)
      return setProblem('a gateway token is at least 32 characters (gateway.token in opentrade.config.json)');
    signIn(token);
  };
  return (
    <section className="panel narrow">
      <h1 className="page-title">Sign in</h1>
      <p className="hint">
        The gateway at <code>{gatewayUrl}</code> needs its token (<code>gateway.token</code> in your config, or{' '}
        <code>opentrade config get gateway.token</code>). It is kept in this browser only.
      </p>
      <form onSubmit={submit} className="form">
        <label>
          Gateway token
          <input
            type="password"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            name="token"
          />
        </label>
        {problem && <p className="field-error">{problem}</p>}
        <button type="submit" className="button primary">
          Sign in
        </button>
      </form>
    </section>
  );
}
