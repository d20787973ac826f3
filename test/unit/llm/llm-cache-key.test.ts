// The cache key of a model call: the same request on a replay hits the same entry; anything that
// shapes the answer (model, any message, the answer's kind and schema, sampling) misses it.
import type { LlmCallRequest } from '../../../core/llm/llm-call';
import { llmCacheKey } from '../../../infra/services/llm/llm-cache-key';

const request = (): LlmCallRequest => ({
  role: 'market',
  model: 'quick-m',
  answer: 'analyst',
  temperature: 0,
  maxTokens: 1024,
  messages: [
    { role: 'system', content: 'You are the technical market analyst.' },
    { role: 'user', content: '- last close: 159\n- 1h RSI 14: 61' },
  ],
});

describe('llmCacheKey', () => {
  const key = llmCacheKey(request());

  it('is a sha-256 hex digest, the same for the same request built again', () => {
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(llmCacheKey(request())).toBe(key); // a fresh, equal object: no identity in the key
  });

  it.each<[string, (r: LlmCallRequest) => LlmCallRequest]>([
    ['the model', (r) => ({ ...r, model: 'quick-m-2' })],
    [
      'the system message',
      (r) => ({ ...r, messages: [{ ...r.messages[0], content: 'You are bold.' }, r.messages[1]] }),
    ],
    [
      'one character of the user message',
      (r) => ({
        ...r,
        messages: [r.messages[0], { ...r.messages[1], content: r.messages[1].content.replace('159', '158') }],
      }),
    ],
    ['a message role', (r) => ({ ...r, messages: [r.messages[0], { ...r.messages[1], role: 'assistant' }] })],
    ['an extra message', (r) => ({ ...r, messages: [...r.messages, { role: 'user', content: '' }] })],
    ['the message order', (r) => ({ ...r, messages: [r.messages[1], r.messages[0]] })],
    ['the answer kind', (r) => ({ ...r, answer: 'coordinator' })],
    ['the temperature', (r) => ({ ...r, temperature: 0.1 })],
    ['maxTokens', (r) => ({ ...r, maxTokens: 1025 })],
  ])('changes with %s', (_what, change) => {
    expect(llmCacheKey(change(request()))).not.toBe(key);
  });

  it('does not split messages ambiguously: moving text across a message boundary misses', () => {
    const r = request();
    const moved: LlmCallRequest = {
      ...r,
      messages: [
        { role: 'system', content: `${r.messages[0].content}\n- last close: 159` },
        { role: 'user', content: '\n- 1h RSI 14: 61' },
      ],
    };
    expect(llmCacheKey(moved)).not.toBe(key);
  });

  it('does not depend on who asks: the role is in the audit row, not in what shapes the answer', () => {
    // Two roles sending the very same prompt get the very same answer; the cache may serve both.
    expect(llmCacheKey({ ...request(), role: 'macro' })).toBe(key);
  });
});

describe('llmCacheKey and the endpoint', () => {
  it('differs for the same request to another server: the same model name there is another model', () => {
    const r = request();
    expect(llmCacheKey(r, 'http://127.0.0.1:11434/v1')).not.toBe(llmCacheKey(r, 'http://127.0.0.1:8000/v1'));
    expect(llmCacheKey(r, 'http://127.0.0.1:8000/v1')).toBe(llmCacheKey(request(), 'http://127.0.0.1:8000/v1'));
  });
});
