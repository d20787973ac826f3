import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { z } from 'zod';
import { json } from './json';
import { errorHandler, notFound } from '../../../api/http/error-handler';
import { validate, validated } from '../../../api/http/validate';
import type { Logger } from '../../../api/logger';

/** The middleware on a real Express app with routes the gateway does not have yet (query validation, a crash). */
const SECRET = 'tok_' + 'x'.repeat(40);
const logged: string[] = [];
const logger: Logger = { info: () => {}, warn: () => {}, error: (m) => logged.push(m) };
let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.get(
    '/search',
    validate({
      query: z.object({ limit: z.coerce.number().int().min(1).max(500), symbol: z.string().min(1) }).strict(),
    }),
    (_req, res) => {
      res.json(validated(res).query);
    },
  );
  app.get('/crash', () => {
    throw new Error(`database postgres://ot:hunter22@db/ot broke, token ${SECRET}`);
  });
  app.use(notFound);
  app.use(errorHandler(logger, [SECRET]));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('validates and coerces the query, handing the parsed values to the route', async () => {
  const ok = await fetch(`${base}/search?limit=20&symbol=BTC%2FUSDT`);
  expect(await json(ok)).toEqual({ limit: 20, symbol: 'BTC/USDT' });
  const bad = await fetch(`${base}/search?limit=0`);
  expect(bad.status).toBe(400);
  const body = await json(bad);
  expect(body.error.code).toBe('invalid_request');
  expect(body.error.message).toMatch(/^invalid request query: limit: /);
  expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['limit', 'symbol']);
});

it('turns a crash into a generic 500 and logs it with the secret removed', async () => {
  const res = await fetch(`${base}/crash`);
  const text = await res.text();
  expect(res.status).toBe(500);
  expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'internal error (see the gateway log)' } });
  expect(text).not.toMatch(/hunter22|tok_|\.ts:\d+/);
  const log = logged.join('\n');
  expect(log).toMatch(/GET \/crash failed: Error: database postgres:\/\/\*\*\*@db\/ot broke, token \[redacted\]/);
  expect(log).not.toMatch(/hunter22|tok_/);
});
