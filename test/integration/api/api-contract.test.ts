// The gateway's contract across every route at once: the OpenAPI document lists exactly the mounted
// routes, every route but /health and /openapi.json wants the token (or a dashboard ticket), rate
// limits answer 429 with Retry-After, and random or malformed input never gets a 5xx.
import fc from 'fast-check';
import { routeSpecs } from '../../../api/app';
import { createGatewayData } from '../../../api/data/create-gateway-data';
import { createGateway } from '../../../api/gateway';
import { silentLogger } from '../../../api/logger';
import { closedPort } from './probes';
import { mintTicket } from '../../../api/http/dashboard-ticket';
import { openApiPath } from '../../../api/openapi/build-openapi';
import { startDataGateway, TEST_TOKEN, type DataGateway } from './data-gateway-harness';

let gw: DataGateway;
beforeAll(async () => {
  // Limits high enough for the fuzzing below; the rate-limit test starts its own gateway.
  gw = await startDataGateway({
    config: {
      gateway: {
        token: TEST_TOKEN,
        rateLimit: { perSecond: 10_000, burst: 10_000, writesPerSecond: 10_000, writeBurst: 10_000 },
      },
    },
  });
});
afterAll(async () => {
  await gw?.stop();
});

type Op = { method: string; path: string; params: string[]; secured: boolean };
async function operations(): Promise<Op[]> {
  const doc = (await gw.api('GET', '/openapi.json', undefined, { token: null })).body;
  const ops: Op[] = [];
  for (const [p, item] of Object.entries<
    Record<string, { security: unknown[]; parameters: { in: string; name: string }[] }>
  >(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      ops.push({
        method: method.toUpperCase(),
        path: p.replace('/api/v1', ''),
        params: op.parameters.filter((x) => x.in === 'path').map((x) => x.name),
        secured: op.security.length > 0,
      });
    }
  }
  return ops;
}
const fill = (op: Op, value: (name: string) => string) =>
  op.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => encodeURIComponent(value(name)));

describe('OpenAPI 3.1 document', () => {
  it('is public and documents every mounted data route with its schemas', async () => {
    const r = await gw.api('GET', '/openapi.json', undefined, { token: null });
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const specs = routeSpecs({ config: gw.config, data: gw.data });
    expect(specs.length).toBeGreaterThan(25);
    for (const s of specs) {
      const op = r.body.paths[`/api/v1${openApiPath(s.path)}`]?.[s.method];
      expect({ route: `${s.method} ${s.path}`, documented: Boolean(op) }).toEqual({
        route: `${s.method} ${s.path}`,
        documented: true,
      });
      if (s.body) expect(op.requestBody.content['application/json'].schema).toBeDefined();
      if (s.response) expect(op.responses[String(s.status ?? 200)].content['application/json'].schema).toBeDefined();
    }
    // zod ranges reach the document: the optimizer's and the validator's limits are one source.
    const start = r.body.paths['/api/v1/sessions'].post.requestBody.content['application/json'].schema;
    expect(start.properties.symbols).toMatchObject({ minItems: 1, maxItems: 10 });
    for (const p of ['/api/v1/health', '/api/v1/version', '/api/v1/config', '/api/v1/events'])
      expect(r.body.paths[p]).toBeDefined();
  });
});

describe('authentication on every route', () => {
  it('401 without a token or with a wrong one; a dashboard ticket works; an expired ticket does not', async () => {
    const ops = (await operations()).filter((o) => o.secured);
    expect(ops.length).toBeGreaterThan(25);
    const ticket = mintTicket(TEST_TOKEN, 60_000);
    const expired = mintTicket(TEST_TOKEN, 1000, Date.now() - 10_000);
    const forged = mintTicket('f'.repeat(40), 60_000);
    for (const op of ops) {
      const p = fill(op, () => 'nosuch');
      for (const token of [null, 'wrong-token', expired, forged]) {
        const r = await gw.api(op.method, p, undefined, { token });
        expect({ op: `${op.method} ${p}`, token: token?.slice(0, 12) ?? null, status: r.status }).toEqual({
          op: `${op.method} ${p}`,
          token: token?.slice(0, 12) ?? null,
          status: 401,
        });
        expect(r.body.error.code).toBe('unauthorized');
      }
      const ok = await gw.api(op.method, p, undefined, { token: ticket });
      expect({ op: `${op.method} ${p}`, status: ok.status === 401 ? 401 : 'not 401' }).toEqual({
        op: `${op.method} ${p}`,
        status: 'not 401',
      });
    }
  });
});

describe('fuzz: random and malformed input on every route', () => {
  const weird = fc.oneof(
    fc.string(),
    fc.constantFrom('', ' ', '..', '%', '%zz', '\u0000', 'a'.repeat(300), 'x/y', '🙂', "'; drop table x; --"),
  );
  const anyJson = fc.oneof(
    fc.jsonValue(),
    fc.object(),
    fc.array(fc.anything()),
    fc.record({
      strategy: weird,
      symbols: fc.array(weird),
      params: fc.anything(),
      confirm: fc.anything(),
      version: fc.anything(),
      cron: weird,
      request: fc.anything(),
    }),
  );
  const rawBody = fc.oneof(
    fc.string(),
    fc.constantFrom('{', '[1,', '{"a":}', 'null', 'true', '"x"', '{"__proto__":{"polluted":1}}'),
  );

  it('never answers 5xx', async () => {
    const ops = await operations();
    const seen = new Map<number, number>();
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.constantFrom('id', 'name'), weird),
          fc.dictionary(
            fc.oneof(
              fc.constantFrom(
                'limit',
                'cursor',
                'sessionId',
                'status',
                'action',
                'fromMs',
                'toMs',
                'points',
                'trades',
                'strategy',
                'symbol',
                'cycleId',
                'since',
              ),
              fc.string(),
            ),
            weird,
          ),
          fc.oneof(
            anyJson.map((b) => ({ json: b })),
            rawBody.map((raw) => ({ raw })),
          ),
          async (params, query, body) => {
            const p = fill(op, (n) => params[n] || 'x');
            const qs = new URLSearchParams(query).toString();
            const withBody = op.method !== 'GET' && op.method !== 'DELETE';
            const r = withBody
              ? await gw.api(
                  op.method,
                  `${p}${qs ? `?${qs}` : ''}`,
                  'json' in body ? body.json : undefined,
                  'raw' in body ? { raw: body.raw } : {},
                )
              : await gw.api(op.method, `${p}${qs ? `?${qs}` : ''}`);
            seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
            if (r.status >= 500)
              throw new Error(
                `${op.method} ${p}?${qs} with ${JSON.stringify(body).slice(0, 300)} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`,
              );
            // Every error names what was wrong.
            if (r.status >= 400) expect(typeof r.body.error.message).toBe('string');
          },
        ),
        { numRuns: 15 },
      );
    }
    expect(({}.constructor.prototype as Record<string, unknown>).polluted).toBeUndefined();
    // Found by this fuzz on CI: a NUL in a filter reached PostgreSQL (which refuses it) as a 500.
    const nul = await gw.api('GET', `/decisions?sessionId=${encodeURIComponent('a\u0000b')}`);
    expect(nul.status).toBe(400);
    expect(nul.body.error.issues).toEqual([{ path: 'sessionId', message: 'must not contain NUL characters' }]);
    // The fuzz reached the validators and the handlers, not only the router's 404.
    expect(seen.get(400) ?? 0).toBeGreaterThan(100);
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After past the burst, writes on their own smaller bucket', async () => {
    const small = await startDataGateway({
      config: {
        gateway: { token: TEST_TOKEN, rateLimit: { perSecond: 0.5, burst: 3, writesPerSecond: 0.5, writeBurst: 1 } },
      },
    });
    try {
      const reads = [];
      for (let i = 0; i < 4; i++) reads.push((await small.api('GET', '/sessions')).status);
      expect(reads).toEqual([200, 200, 200, 429]);
      const limited = await small.api('GET', '/sessions');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited.body.error.code).toBe('rate_limited');
      // Unauthenticated guessing is limited too.
      expect((await small.api('GET', '/version', undefined, { token: 'guess' })).status).toBe(429);
      expect((await small.api('POST', '/sessions/nosuch/stop')).status).toBe(404);
      expect((await small.api('POST', '/sessions/nosuch/stop')).status).toBe(429);
    } finally {
      await small.stop();
    }
  });
});

describe('dependencies down', () => {
  it('answers 503 naming the database or Temporal, never a bare 500', async () => {
    const dead = await closedPort();
    const config = { ...gw.config, gateway: { ...gw.config.gateway, port: 0 } };
    const data = createGatewayData(config, {
      databaseUrl: `postgresql://opentrade@127.0.0.1:${dead}/opentrade`,
      temporalAddress: `127.0.0.1:${dead}`,
    });
    const gateway = createGateway({ config, health: [], logger: silentLogger, data });
    const { url } = await gateway.start();
    try {
      const get = async (p: string, init?: RequestInit) => {
        const res = await fetch(`${url}/api/v1${p}`, {
          ...init,
          headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
        });
        return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } };
      };
      const list = await get('/sessions');
      expect(list).toMatchObject({
        status: 503,
        body: { error: { code: 'unavailable', message: expect.stringMatching(/database/) } },
      });
      const schedules = await get('/evolution/schedules');
      expect(schedules).toMatchObject({
        status: 503,
        body: { error: { code: 'unavailable', message: expect.stringMatching(/Temporal/) } },
      });
    } finally {
      await gateway.stop();
      await data.close();
    }
  });
});
