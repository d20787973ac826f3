// Weighted ensemble: each agent's vote counts weight × confidence, so an abstaining agent
// (confidence 0) or a zero-weight one carries nothing, and a confident caution vote (macro: direction
// 0) pulls the score toward zero.
import { AGENT_NAMES, type AgentSignal } from '../agents/signal';
import { DEFAULT_COORDINATOR_CONFIG, type CoordinatorConfig } from './coordinator-config';
import type { Decision, DecisionAction } from './decision';

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function coordinate(signals: AgentSignal[], config: CoordinatorConfig = DEFAULT_COORDINATOR_CONFIG): Decision {
  const seen = new Set<string>();
  for (const s of signals) {
    if (!(AGENT_NAMES as readonly string[]).includes(s.agent))
      throw new Error(`coordinate: unknown agent "${s.agent}"`);
    if (seen.has(s.agent)) throw new Error(`coordinate: two signals from agent "${s.agent}"`);
    seen.add(s.agent);
    if (!(s.direction >= -1 && s.direction <= 1))
      throw new Error(`coordinate: ${s.agent}.direction must be within -1..1, got ${s.direction}`);
    if (!(s.confidence >= 0 && s.confidence <= 1))
      throw new Error(`coordinate: ${s.agent}.confidence must be within 0..1, got ${s.confidence}`);
  }

  const reasons: string[] = [];
  // The product, not each factor: a denormal confidence times a weight can underflow to 0.
  const active = signals.filter((s) => config.weights[s.agent] * s.confidence > 0);
  const silent = signals.filter((s) => !active.includes(s)).map((s) => s.agent);
  if (silent.length) reasons.push(`no weight: ${silent.join(', ')} (abstained or weight 0)`);

  if (active.length === 0) {
    reasons.unshift('HOLD: every agent abstained');
    return { action: 'HOLD', score: 0, confidence: 0, disagreement: 0, reasons, signals };
  }

  let wc = 0; // Σ weight·confidence
  let w = 0; // Σ weight
  let wcd = 0; // Σ weight·confidence·direction
  let bull = 0;
  let bear = 0;
  for (const s of active) {
    const weight = config.weights[s.agent];
    const v = weight * s.confidence;
    wc += v;
    w += weight;
    wcd += v * s.direction;
    if (s.direction > 0) bull += v * s.direction;
    else if (s.direction < 0) bear -= v * s.direction;
    reasons.push(
      `${s.agent}: direction ${s.direction.toFixed(2)} × confidence ${s.confidence.toFixed(2)} × weight ${weight}`,
    );
  }
  const score = wcd / wc;
  const confidence = wc / w;
  const disagreement = Math.max(bull, bear) > 0 ? Math.min(bull, bear) / Math.max(bull, bear) : 0;
  const summary = `score ${score.toFixed(3)}, confidence ${confidence.toFixed(3)}, disagreement ${disagreement.toFixed(3)}`;

  let action: DecisionAction;
  let why: string;
  if (confidence < config.minConfidence) {
    action = 'HOLD';
    why = `HOLD: confidence ${confidence.toFixed(3)} below ${config.minConfidence}`;
  } else if (disagreement > config.maxDisagreement) {
    action = 'HOLD';
    why = `HOLD: agents disagree (bullish weight ${bull.toFixed(3)} vs bearish ${bear.toFixed(3)}, disagreement ${disagreement.toFixed(3)} > ${config.maxDisagreement})`;
  } else if (score >= config.buyThreshold) {
    action = 'BUY';
    why = `BUY: score ${score.toFixed(3)} >= ${config.buyThreshold}`;
  } else if (score <= -config.sellThreshold) {
    action = 'SELL';
    why = `SELL: score ${score.toFixed(3)} <= -${config.sellThreshold}`;
  } else {
    action = 'HOLD';
    why = `HOLD: score ${score.toFixed(3)} inside (-${config.sellThreshold}, ${config.buyThreshold})`;
  }
  reasons.unshift(why, summary);
  return { action, score: r4(score), confidence: r4(confidence), disagreement: r4(disagreement), reasons, signals };
}
