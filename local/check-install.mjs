// Runs before `npm start` as plain Node, because without `npm install`
// even tsx, which runs the TypeScript, is missing. Exits with status 1 and
// prints the command to run when a package in package.json is not installed.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(
  readFileSync(path.join(root, 'package.json'), 'utf8'),
);
const names = Object.keys({
  ...manifest.dependencies,
  ...manifest.devDependencies,
});
const missing = names.filter(
  (name) => !existsSync(path.join(root, 'node_modules', name, 'package.json')),
);

if (missing.length > 0) {
  const list = missing.slice(0, 5).join(', ');
  const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
  console.error(
    `Missing packages: ${list}${more}. Run \`npm install\` in ${root}, ` +
      'then `npm start` again.',
  );
  process.exit(1);
}
