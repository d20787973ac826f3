#!/usr/bin/env node
// The package's bin: loads the TypeScript CLI through tsx so a checkout works right after `npm ci`.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `opentrade: Node ${process.versions.node} is too old (need >= 22.12). Install Node 24 LTS: npm i -g --prefix /usr/local node@24\n`,
  );
  process.exit(1);
}
require('tsx/cjs');
require('../cli/main.ts').main();
