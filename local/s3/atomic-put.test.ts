import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  createPartialPath,
  partialFolderName,
  removeLeftoverPartials,
} from './atomic-put';

describe('temporary object files', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'atomic-put-test-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the temporary folder in the bucket', async () => {
    await mkdir(path.join(root, 'photos'));

    const partialPath = await createPartialPath(root, 'photos');

    expect(path.dirname(partialPath)).toBe(
      path.join(root, 'photos', partialFolderName),
    );
    expect(partialPath).toMatch(/\.partial$/);
    expect(existsSync(path.dirname(partialPath))).toBe(true);
  });

  it('never creates a missing bucket', async () => {
    await expect(createPartialPath(root, 'missing')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(existsSync(path.join(root, 'missing'))).toBe(false);
  });

  it('removes only leftover temporary files', async () => {
    const folder = path.join(root, 'photos', partialFolderName);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'a.partial'), 'half');
    await writeFile(path.join(folder, 'b.md5.partial'), 'half');
    await writeFile(path.join(folder, 'kept._S3rver_object'), 'whole');

    const removed = await removeLeftoverPartials(root, 'photos');

    expect(removed).toBe(2);
    expect(await readdir(folder)).toEqual(['kept._S3rver_object']);
  });

  it('removes nothing from a bucket without leftovers', async () => {
    await mkdir(path.join(root, 'photos'));

    expect(await removeLeftoverPartials(root, 'photos')).toBe(0);
  });
});
