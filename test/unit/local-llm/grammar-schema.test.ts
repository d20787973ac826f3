import { zodResponseFormat } from 'openai/helpers/zod';
import { ANSWER_SCHEMAS } from '../../../core/llm/answer-schemas';
import { grammarSchema, MAX_GRAMMAR_STRING } from '../../../infra/local-llm/grammar-schema';

test('string bounds above what the grammar engine expands are lowered to it; everything else stays', () => {
  const schema = zodResponseFormat(ANSWER_SCHEMAS.analyst, 'analyst').json_schema.schema as Record<string, any>;
  const adapted = grammarSchema(schema) as Record<string, any>;
  // Our schemas allow 2,000 characters of reasoning: llama.cpp refuses a repetition that long.
  expect(schema.properties.reasoning.maxLength).toBe(2000);
  expect(adapted.properties.reasoning).toMatchObject({ type: 'string', minLength: 1, maxLength: MAX_GRAMMAR_STRING });
  expect(adapted.properties.keyLevels).toEqual(schema.properties.keyLevels);
  expect(adapted.required).toEqual(schema.required);
  expect(adapted.additionalProperties).toBe(false);
  expect(adapted).not.toHaveProperty('$schema');
  // The caller's schema is left as it was: it still checks the full bound on the answer.
  expect(schema.properties.reasoning.maxLength).toBe(2000);
});

test('short bounds and nested schemas are kept as they are', () => {
  const schema = { type: 'array', items: { anyOf: [{ type: 'string', maxLength: 12 }, { type: 'null' }] } };
  expect(grammarSchema(schema)).toEqual(schema);
});
