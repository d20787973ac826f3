// A cycle's snapshot by its Redis key, from this worker's cache when it built it. The snapshot is
// gone only when it expired or was never stored: no retry brings it back.
import { ApplicationFailure } from '@temporalio/activity';
import type Redis from 'ioredis';
import type { MarketSnapshot } from '../core/agents/snapshot';
import type { SnapshotCache } from './snapshot-cache';
import { decodeSnapshot } from './snapshot-codec';

export async function readSnapshot(
  redis: Redis,
  cache: SnapshotCache | undefined,
  key: string,
): Promise<MarketSnapshot> {
  const text = cache?.get(key) ?? (await redis.get(key));
  if (text === null || text === undefined)
    throw ApplicationFailure.nonRetryable(
      `snapshot ${key} is not in Redis (expired or never stored)`,
      'SnapshotMissing',
    );
  return decodeSnapshot(text);
}
