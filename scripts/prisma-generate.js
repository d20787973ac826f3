#!/usr/bin/env node
// Runs `prisma generate` after install. Prisma's CLI falls back to downloading engines when
// DATABASE_URL is unset, so a harmless local URL is supplied when the user has none.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
if (!existsSync(path.join(root, 'prisma', 'schema.prisma'))) process.exit(0);
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL || 'postgresql://opentrade:opentrade@127.0.0.1:5432/opentrade',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};
// Resolved, not node_modules/.bin: where this package is a dependency, npm hoists prisma above it.
const prismaCli = require.resolve('prisma/build/index.js', { paths: [root] });
const r = spawnSync(process.execPath, [prismaCli, 'generate'], { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
