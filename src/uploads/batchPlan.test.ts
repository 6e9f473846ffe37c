import { describe, expect, it } from 'vitest';
import type { Quota } from '../../amplify/core/api';
import { applyConflictChoice, fitToQuota, prepareFiles } from './batchPlan';
import { backoffDelayMs, maxRetryDelayMs } from './retry';

function file(name: string, size = 10, relativePath?: string): File {
  const created = new File([new Uint8Array(size)], name);
  if (relativePath) {
    Object.defineProperty(created, 'webkitRelativePath', {
      value: relativePath,
    });
  }

  return created;
}

function quota(availableBytes: number): Quota {
  return {
    capBytes: 1000,
    usedBytes: 1000 - availableBytes,
    reservedBytes: 0,
    availableBytes,
  };
}

describe('prepareFiles', () => {
  it('places files under the folder in NFC', () => {
    const decomposed = 'Cafe\u0301.jpg';

    const { files } = prepareFiles([file(decomposed)], 'Trips/', true);

    expect(files.map(({ path }) => path)).toEqual(['Trips/Caf\u00e9.jpg']);
  });

  it('skips system files when asked', () => {
    const chosen = [
      file('.DS_Store', 6, 'Trip/.DS_Store'),
      file('THUMBS.DB', 6, 'Trip/THUMBS.DB'),
      file('desktop.ini', 6, 'Trip/desktop.ini'),
      file('a.jpg', 6, 'Trip/a.jpg'),
    ];

    const skipped = prepareFiles(chosen, '', true);
    const kept = prepareFiles(chosen, '', false);

    expect(skipped.files.map(({ path }) => path)).toEqual(['Trip/a.jpg']);
    expect(skipped.skippedSystemFiles).toBe(3);
    expect(kept.files).toHaveLength(4);
  });

  it('sets aside invalid and repeated paths', () => {
    const { files, invalid } = prepareFiles(
      [file('ok.jpg'), file('bad .jpg', 5, 'Trip./bad.jpg'), file('ok.jpg')],
      '',
      true,
    );

    expect(files.map(({ path }) => path)).toEqual(['ok.jpg']);
    expect(invalid).toHaveLength(2);
    expect(invalid[0]).toMatchObject({ path: 'Trip./bad.jpg', size: 5 });
    expect(invalid[0]?.message).toMatch(/Trip\.\/bad\.jpg/);
    expect(invalid[1]?.message).toBe(
      '"ok.jpg" was chosen twice; it is uploaded once.',
    );
  });
});

describe('applyConflictChoice', () => {
  const files = [
    { file: file('a.jpg'), path: 'a.jpg' },
    { file: file('b.jpg'), path: 'b.jpg' },
  ];

  it('keeps every file for keepBoth', () => {
    expect(applyConflictChoice(files, new Set(['a.jpg']), 'keepBoth')).toEqual(
      files,
    );
  });

  it('marks taken paths for replace', () => {
    expect(applyConflictChoice(files, new Set(['a.jpg']), 'replace')).toEqual([
      { ...files[0], replace: true },
      files[1],
    ]);
  });

  it('drops taken paths for skip', () => {
    expect(applyConflictChoice(files, new Set(['a.jpg']), 'skip')).toEqual([
      files[1],
    ]);
  });
});

describe('fitToQuota', () => {
  it('passes over a file that does not fit, as the API does', () => {
    const files = [
      { file: file('a.jpg', 400), path: 'a.jpg' },
      { file: file('big.mov', 700), path: 'big.mov' },
      { file: file('c.jpg', 500), path: 'c.jpg' },
    ];

    const fit = fitToQuota(files, quota(900));

    expect(fit.fitting.map(({ path }) => path)).toEqual(['a.jpg', 'c.jpg']);
    expect(fit.fittingBytes).toBe(900);
    expect(fit.totalBytes).toBe(1600);
    expect(fit.shortfallBytes).toBe(700);
    expect(fit.tooLarge).toEqual([
      {
        path: 'big.mov',
        size: 700,
        message: expect.stringMatching(/^"big\.mov" needs 700 B, but 500 B/),
      },
    ]);
  });

  it('reports no shortfall for a batch that fits', () => {
    const fit = fitToQuota(
      [{ file: file('a.jpg', 900), path: 'a.jpg' }],
      quota(900),
    );

    expect(fit.shortfallBytes).toBe(0);
    expect(fit.tooLarge).toEqual([]);
  });
});

describe('backoffDelayMs', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [10, maxRetryDelayMs],
  ])('caps retry %i at %i ms', (attempt, ceiling) => {
    expect(backoffDelayMs(attempt, 1000, () => 1)).toBe(ceiling);
  });

  it('draws the delay below the ceiling', () => {
    expect(backoffDelayMs(3, 1000, () => 0.5)).toBe(2000);
  });
});
