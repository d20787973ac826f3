// The part of OpenAI's chat-completions request the local server honours. Fields it does not know
// are ignored, as OpenAI-compatible servers do; fields it cannot honour (streaming, several choices,
// tools) are refused by name rather than silently answered differently.
import { z } from 'zod';

const text = z.union([
  z.string(),
  z
    .array(z.object({ type: z.literal('text'), text: z.string() }))
    .transform((parts) => parts.map((p) => p.text).join('')),
]);

const MessageSchema = z.object({
  // `developer` is what OpenAI's newer models call the system message.
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: text,
});

const ResponseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().min(1),
      schema: z.record(z.string(), z.unknown()),
      strict: z.boolean().nullish(),
    }),
  }),
]);

export const ChatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(MessageSchema).min(1),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  seed: z.number().int().nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  response_format: ResponseFormatSchema.nullish(),
  n: z.literal(1).nullish(),
  stream: z
    .boolean()
    .nullish()
    .refine((v) => !v, 'streaming is not served here: send stream false'),
  tools: z
    .array(z.unknown())
    .nullish()
    .refine((v) => !v?.length, 'tools are not served here'),
});

export type ChatRequest = z.infer<typeof ChatRequestSchema>;
export type ChatMessage = ChatRequest['messages'][number];
