import { rmSync } from 'node:fs';
import path from 'node:path';
import { BUNDLE_ENV } from './workflow-bundle';

export default async function globalTeardown(): Promise<void> {
  const file = process.env[BUNDLE_ENV];
  if (file) rmSync(path.dirname(file), { recursive: true, force: true });
}
