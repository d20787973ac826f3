// The local model over OpenAI's HTTP API: /v1/chat/completions, /v1/models and /health, on loopback
// only. The agents reach it through the same openai client as any endpoint, so errors use OpenAI's
// body ({ error: { message, type, param, code } }) and statuses the SDK classifies.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { LOCAL_MODEL_ALIAS } from '../../core/llm/provider-presets';
import { DomainError } from '../../core/errors';
import { ChatRequestSchema } from './chat-request';
import type { LocalModel } from './local-model';
import { servedModelId } from './model-file';

export const LOOPBACK = '127.0.0.1';

function fail(
  res: Response,
  status: number,
  type: string,
  message: string,
  param: string | null = null,
  code: string | null = null,
) {
  res.status(status).json({ error: { message, type, param, code } });
}

export function modelServerApp(model: LocalModel, log: (line: string) => void): express.Express {
  const id = servedModelId(model.modelPath);
  const served = new Set([id, LOCAL_MODEL_ALIAS]);
  const created = Math.floor(Date.now() / 1000);
  /** Completions answered since start: what a caller checks to tell a cached replay from a served one. */
  let answered = 0;
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '4mb' }));

  app.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      model: id,
      contextSize: model.contextSize,
      sequences: model.sequences,
      threads: model.threads,
      busy: model.busy(),
      answered,
    });
  });

  app.get('/v1/models', (_req, res) => {
    res.json({
      object: 'list',
      data: [...served].map((m) => ({ id: m, object: 'model', created, owned_by: 'opentrade' })),
    });
  });

  app.post('/v1/chat/completions', async (req: Request, res: Response) => {
    const parsed = ChatRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const param = issue.path.join('.') || null;
      return fail(res, 400, 'invalid_request_error', `${param ?? 'body'}: ${issue.message}`, param);
    }
    const request = parsed.data;
    if (!served.has(request.model))
      return fail(
        res,
        404,
        'invalid_request_error',
        `the model "${request.model}" is not served here; this server serves "${id}" (also as "${LOCAL_MODEL_ALIAS}")`,
        'model',
        'model_not_found',
      );

    // A caller that gave up frees its sequence at once rather than after a generation nobody reads.
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort(new Error('the client closed the connection'));
    });
    const started = performance.now();
    try {
      const g = await model.generate(request, gone.signal);
      log(
        `${request.response_format?.type ?? 'text'} answer: ${g.promptTokens} + ${g.completionTokens} tokens in ${Math.round(performance.now() - started)} ms (${g.finishReason})`,
      );
      answered += 1;
      res.json({
        id: `chatcmpl-${randomUUID()}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: id,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: g.text, refusal: null },
            finish_reason: g.finishReason,
            logprobs: null,
          },
        ],
        usage: {
          prompt_tokens: g.promptTokens,
          completion_tokens: g.completionTokens,
          total_tokens: g.promptTokens + g.completionTokens,
        },
      });
    } catch (e) {
      if (gone.signal.aborted) return;
      if (e instanceof DomainError)
        return fail(
          res,
          400,
          'invalid_request_error',
          e.hint ? `${e.message} — ${e.hint}` : e.message,
          e.field ?? null,
        );
      log(`generation failed: ${(e as Error).message}`);
      fail(res, 500, 'server_error', `the model failed: ${(e as Error).message}`);
    }
  });

  app.use((_req, res) => fail(res, 404, 'invalid_request_error', `no route ${_req.method} ${_req.path}`));
  // Malformed JSON bodies reach here from express.json().
  app.use((err: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    fail(
      res,
      status,
      status < 500 ? 'invalid_request_error' : 'server_error',
      `the request body is not valid JSON: ${err.message}`,
    );
  });
  return app;
}

/** Listens on loopback; a port in use is refused with the way out, not left as an EADDRINUSE trace. */
export function listen(app: express.Express, port: number): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once('error', (e: NodeJS.ErrnoException) => reject(e));
    server.listen(port, LOOPBACK, () => resolve(server));
  });
}
