/**
 * A production build of the app in a temporary folder, made once per
 * benchmark run and shared by the sections that need it.
 */

import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'vite';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

let pending: Promise<string> | undefined;

/**
 * Builds the app with the project's `vite.config.ts` and a manifest, and
 * returns the output folder. The folder is deleted when the process exits.
 */
export function buildApp(): Promise<string> {
  pending ??= buildOnce();

  return pending;
}

async function buildOnce(): Promise<string> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'shoebox-bench-app-'));
  // An exit listener runs only synchronous code.
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  // The build needs no amplify_outputs.json, because the browser section
  // serves its own beside index.html. The `error` log level silences the
  // plugin's warning about the missing file.
  await build({
    root: projectRoot,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, manifest: true },
  });

  return outDir;
}
