import path from 'node:path';
import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A self-contained server (.next/standalone) for the npm package, which has no web workspace and
  // none of its devDependencies; a checkout serves the same build (infra/stack/web-app.ts).
  output: 'standalone',
  // The repository root, so the standalone tree is always .next/standalone/web/server.js.
  outputFileTracingRoot: path.join(__dirname, '..'),
  // No next/image here: sharp's libvips (20 MB) stays out of the standalone tree.
  outputFileTracingExcludes: { '*': ['../node_modules/sharp/**', '../node_modules/@img/**'] },
};

export default config;
