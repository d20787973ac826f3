import net from 'node:net';
import Redis from 'ioredis';
import type { HealthProbe } from '../../../api/health/health-probe';

/** A real Redis round trip: connects, PINGs, disconnects. */
export function redisPingProbe(url: string): HealthProbe {
  return {
    name: 'redis',
    async check() {
      const client = new Redis(url, {
        lazyConnect: true,
        connectTimeout: 1000,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        const pong = await client.ping();
        return pong === 'PONG' ? { status: 'ok' } : { status: 'fail', detail: `PING answered ${pong}` };
      } finally {
        client.disconnect();
      }
    },
  };
}

/** A real TCP connect to host:port (what a "is the service listening" check does). */
export function tcpProbe(name: string, host: string, port: number, required = true): HealthProbe {
  return {
    name,
    required,
    check: () =>
      new Promise((resolve, reject) => {
        const socket = net.connect({ host, port });
        socket.setTimeout(1000, () => socket.destroy(new Error(`connect to ${host}:${port} timed out`)));
        socket.once('connect', () => {
          socket.end();
          resolve({ status: 'ok' });
        });
        socket.once('error', reject);
      }),
  };
}

/** A port nothing listens on: bound by the OS, then released. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
