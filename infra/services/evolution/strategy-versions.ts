// The Strategy table as a version history per name: exactly one active version, the others draft or
// retired; promote and rollback only move the `active` mark, never rewrite parameters.
import { getBuiltInStrategy, builtInStrategyIds } from '../../../core/strategies/registry';
import type { PrismaClient } from '../../adapters/db';
import { ConflictError, NotFoundError } from '../../../core/errors';

export interface StrategyVersionRow {
  id: string;
  name: string;
  version: number;
  type: string;
  parameters: unknown;
  performance: unknown;
  status: 'draft' | 'active' | 'retired';
  parentVersion: number | null;
  createdAt: Date;
}

export async function listVersions(prisma: PrismaClient, name: string): Promise<StrategyVersionRow[]> {
  return (await prisma.strategy.findMany({ where: { name }, orderBy: { version: 'asc' } })) as StrategyVersionRow[];
}

async function knownNames(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.strategy.findMany({ distinct: ['name'], select: { name: true }, orderBy: { name: 'asc' } });
  return [...new Set([...rows.map((r) => r.name), ...builtInStrategyIds()])];
}

export async function unknownStrategy(prisma: PrismaClient, name: string): Promise<NotFoundError> {
  return new NotFoundError(`unknown strategy "${name}"; known strategies: ${(await knownNames(prisma)).join(', ')}`, {
    field: 'strategy',
  });
}

/**
 * The version that runs now: the active one, else the newest. A built-in id with no row yet gets
 * version 1 from its defaults when `create` is set (the first evolution of a built-in).
 */
export async function currentVersion(
  prisma: PrismaClient,
  name: string,
  create: boolean,
): Promise<
  | StrategyVersionRow
  | { name: string; version: 1; type: string; parameters: Record<string, unknown>; status: 'active'; virtual: true }
> {
  const rows = await listVersions(prisma, name);
  const active = rows.filter((r) => r.status === 'active');
  if (active.length) return active[active.length - 1];
  if (rows.length) return rows[rows.length - 1];
  let builtIn;
  try {
    builtIn = getBuiltInStrategy(name);
  } catch {
    throw await unknownStrategy(prisma, name);
  }
  if (!create)
    return { name, version: 1, type: builtIn.id, parameters: builtIn.defaults, status: 'active', virtual: true };
  return (await prisma.strategy.upsert({
    where: { name_version: { name, version: 1 } },
    create: { name, version: 1, type: builtIn.id, parameters: builtIn.defaults, status: 'active' },
    update: {},
  })) as StrategyVersionRow;
}

/** Makes `version` the active one and retires the previously active version(s). */
export async function activateVersion(
  prisma: PrismaClient,
  name: string,
  version: number,
): Promise<StrategyVersionRow> {
  const rows = await listVersions(prisma, name);
  if (!rows.length) throw await unknownStrategy(prisma, name);
  const target = rows.find((r) => r.version === version);
  if (!target)
    throw new NotFoundError(
      `strategy ${name} has no version ${version}; versions: ${rows.map((r) => r.version).join(', ')}`,
      { field: 'version' },
    );
  await prisma.$transaction([
    prisma.strategy.updateMany({ where: { name, status: 'active', NOT: { version } }, data: { status: 'retired' } }),
    prisma.strategy.update({ where: { name_version: { name, version } }, data: { status: 'active' } }),
  ]);
  return { ...target, status: 'active' };
}

/** Back to the active version's parent (or the previous version when it has none recorded). */
export async function rollbackVersion(prisma: PrismaClient, name: string): Promise<{ from: number; to: number }> {
  const rows = await listVersions(prisma, name);
  if (!rows.length) throw await unknownStrategy(prisma, name);
  const active = rows.filter((r) => r.status === 'active').pop();
  if (!active) throw new ConflictError(`strategy ${name} has no active version to roll back`);
  const to = active.parentVersion ?? rows.filter((r) => r.version < active.version).pop()?.version;
  if (to === undefined || !rows.some((r) => r.version === to))
    throw new ConflictError(`strategy ${name} v${active.version} has no earlier version to roll back to`);
  await activateVersion(prisma, name, to);
  return { from: active.version, to };
}
