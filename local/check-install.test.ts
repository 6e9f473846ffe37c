import { execFile } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createDataDir, removeDataDir } from './test-support';

const run = promisify(execFile);
const script = new URL('./check-install.mjs', import.meta.url);

/** Lays out a project with the script, `manifest` and `installed` packages. */
async function createProject(
  root: string,
  manifest: object,
  installed: string[],
): Promise<string> {
  await mkdir(path.join(root, 'local'));
  const copy = path.join(root, 'local', 'check-install.mjs');
  await copyFile(script, copy);
  await writeFile(path.join(root, 'package.json'), JSON.stringify(manifest));
  for (const name of installed) {
    const directory = path.join(root, 'node_modules', name);
    await mkdir(directory, { recursive: true });
    await writeFile(path.join(directory, 'package.json'), '{}');
  }

  return copy;
}

describe('check-install.mjs', () => {
  let root: string;

  beforeEach(async () => {
    root = await createDataDir();
  });

  afterEach(async () => {
    await removeDataDir(root);
  });

  it('passes when every package is installed', async () => {
    const copy = await createProject(
      root,
      { dependencies: { vite: '^8' }, devDependencies: { '@scope/x': '1' } },
      ['vite', '@scope/x'],
    );

    const result = await run(process.execPath, [copy]);

    expect(result.stderr).toBe('');
  });

  it('asks for npm install when a package is missing', async () => {
    const copy = await createProject(
      root,
      { dependencies: { vite: '^8', tsx: '^4' } },
      ['vite'],
    );

    const failure = await run(process.execPath, [copy]).catch(
      (error: { code: number; stderr: string }) => error,
    );

    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain(
      'Missing packages: tsx. Run `npm install`',
    );
  });
});
