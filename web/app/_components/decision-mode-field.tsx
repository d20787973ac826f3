'use client';

import { useState } from 'react';
import type { DecisionMode, SessionCreateBody } from '../../lib/gateway-types';

/** Keyed by the gateway's enum, so a mode added there fails web's typecheck until it is described here. */
export const DECISION_MODE_MEANING: Record<DecisionMode, string> = {
  strategy:
    "the strategy's advice decides; the analysts and the coordinator may veto or shrink it, never invent a trade",
  ensemble: 'the coordinator decides from every analyst signal, the strategy being one of them',
};

/**
 * A form's `decide` select with the line saying what the chosen mode means; `meanings` lists the
 * modes in order (the first is the default).
 */
export function DecisionModeField<M extends string>({
  meanings = DECISION_MODE_MEANING as Record<M, string>,
  className,
}: {
  meanings?: Record<M, string>;
  className?: string;
}) {
  const modes = Object.keys(meanings) as M[];
  const [mode, setMode] = useState<M>(modes[0]);
  return (
    <label className={className}>
      Decision mode
      <select name="decide" value={mode} onChange={(e) => setMode(e.target.value as M)}>
        {modes.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <span className="muted" data-testid="decide-meaning">
        {meanings[mode]}
      </span>
    </label>
  );
}

/** One mode for every agent, as the session and backtest bodies take it. */
export type AgentMode = Extract<NonNullable<SessionCreateBody['agents']>, string>;

/** Keyed by the gateway's enum, like DECISION_MODE_MEANING; in select order, rules first (the default). */
export const AGENT_MODE_MEANING: Record<AgentMode, string> = {
  deterministic: 'every agent reads the numbers by its rules: no model is asked, nothing is spent',
  hybrid: "each agent asks a model, which sees the rules' reading as one more input",
  llm: 'each agent asks a model alone; an answer that fails its checks abstains, never trades',
};

const AGENT_MODE_LABEL: Record<AgentMode, string> = {
  deterministic: 'rules only (deterministic)',
  hybrid: 'hybrid',
  llm: 'llm',
};

/**
 * The `agents` select (one mode for all seven agents), with what the choice means; with `every`,
 * the backtest's "ask every N candles" field, shown once a model is asked at all. The hard risk
 * policy runs last whatever is chosen, so the line does not repeat it.
 */
export function AgentsField({ every = false }: { every?: boolean }) {
  const [mode, setMode] = useState<AgentMode>('deterministic');
  const modes = Object.keys(AGENT_MODE_MEANING) as AgentMode[];
  return (
    <>
      <label>
        Agents
        <select name="agents" value={mode} onChange={(e) => setMode(e.target.value as AgentMode)}>
          {modes.map((m) => (
            <option key={m} value={m}>
              {AGENT_MODE_LABEL[m]}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="agents-meaning">
          {AGENT_MODE_MEANING[mode]}
        </span>
      </label>
      {every && mode !== 'deterministic' && (
        <label>
          Ask every N candles <span className="muted">(the rules decide the candles between)</span>
          <input name="every" inputMode="numeric" placeholder="1" />
        </label>
      )}
    </>
  );
}

/** The select's choice (rules only when the form has none). */
export function agentsOf(form: FormData): AgentMode {
  const mode = form.get('agents');
  return typeof mode === 'string' && mode in AGENT_MODE_MEANING ? (mode as AgentMode) : 'deterministic';
}
