import { describe, expect, it, vi } from 'vitest';
import {
  collectFiles,
  filesFromDataTransfer,
  readAllEntries,
} from './directoryReader';

/** Chromium's readEntries returns at most this many entries per call. */
const chromiumBatchSize = 100;

type FakeEntry = FileSystemFileEntry | FileSystemDirectoryEntry;

function fileEntry(fullPath: string): FileSystemFileEntry {
  const name = fullPath.slice(fullPath.lastIndexOf('/') + 1);
  const entry = {
    isFile: true,
    isDirectory: false,
    name,
    fullPath,
    file: (resolve: (file: File) => void) =>
      queueMicrotask(() => resolve(new File([name], name))),
  };

  return entry as unknown as FileSystemFileEntry;
}

/**
 * Builds a directory entry whose reader hands out its children
 * `batchSize` at a time, then an empty array, as Chromium's does.
 */
function directoryEntry(
  fullPath: string,
  children: FakeEntry[],
  batchSize = chromiumBatchSize,
) {
  const readEntries = vi.fn();
  const entry = {
    isFile: false,
    isDirectory: true,
    name: fullPath.slice(fullPath.lastIndexOf('/') + 1),
    fullPath,
    createReader: () => {
      let offset = 0;
      readEntries.mockImplementation(
        (resolve: (entries: FileSystemEntry[]) => void) => {
          const batch = children.slice(offset, offset + batchSize);
          offset += batch.length;
          queueMicrotask(() => resolve(batch));
        },
      );
      return { readEntries } as unknown as FileSystemDirectoryReader;
    },
  };

  return { entry: entry as unknown as FileSystemDirectoryEntry, readEntries };
}

function photoEntries(folder: string, count: number): FileSystemFileEntry[] {
  return Array.from({ length: count }, (_, i) =>
    fileEntry(`${folder}/IMG_${String(i + 1).padStart(4, '0')}.jpg`),
  );
}

describe('readAllEntries', () => {
  it('reads until the reader returns an empty batch', async () => {
    const children = photoEntries('/Camera', 250);
    const { entry, readEntries } = directoryEntry('/Camera', children);

    const entries = await readAllEntries(entry.createReader());

    expect(entries).toHaveLength(250);
    expect(entries.at(-1)?.fullPath).toBe('/Camera/IMG_0250.jpg');
    // 100 + 100 + 50, then the empty batch that ends the directory.
    expect(readEntries).toHaveBeenCalledTimes(4);
  });

  it('returns nothing for an empty directory', async () => {
    const { entry } = directoryEntry('/Empty', []);

    expect(await readAllEntries(entry.createReader())).toEqual([]);
  });

  it('passes on a reader error', async () => {
    const error = new DOMException('Gone', 'NotFoundError');
    const reader = {
      readEntries: (_: unknown, reject: (error: DOMException) => void) =>
        reject(error),
    } as unknown as FileSystemDirectoryReader;

    await expect(readAllEntries(reader)).rejects.toBe(error);
  });
});

describe('collectFiles', () => {
  it('reads a folder of 5,000 photos whole', async () => {
    const { entry } = directoryEntry('/Phone', photoEntries('/Phone', 5000));

    const files = await collectFiles([entry]);

    expect(files).toHaveLength(5000);
  });

  it('keeps nested paths and ignores empty folders', async () => {
    const day1 = directoryEntry(
      '/Trip/Day 1',
      photoEntries('/Trip/Day 1', 150),
      7,
    );
    const empty = directoryEntry('/Trip/Empty', []);
    const emptyInside = directoryEntry('/Trip/Outer', [
      directoryEntry('/Trip/Outer/Inner', []).entry,
    ]);
    const trip = directoryEntry('/Trip', [
      fileEntry('/Trip/cover.jpg'),
      day1.entry,
      empty.entry,
      emptyInside.entry,
    ]);

    const files = await collectFiles([trip.entry, fileEntry('/loose.png')]);

    const paths = files.map((file) =>
      'relativePath' in file ? file.relativePath : undefined,
    );
    expect(paths).toHaveLength(152);
    expect(paths[0]).toBe('Trip/cover.jpg');
    expect(paths[1]).toBe('Trip/Day 1/IMG_0001.jpg');
    expect(paths[150]).toBe('Trip/Day 1/IMG_0150.jpg');
    expect(paths.at(-1)).toBe('loose.png');
    expect(paths.some((path) => String(path).includes('Empty'))).toBe(false);
  });
});

describe('filesFromDataTransfer', () => {
  it('reads dropped files and folders together', async () => {
    const loose = new File(['x'], 'loose.jpg');
    const folder = directoryEntry('/Trip', photoEntries('/Trip', 120));
    const items = [
      {
        kind: 'file',
        webkitGetAsEntry: () => folder.entry,
        getAsFile: () => null,
      },
      { kind: 'file', webkitGetAsEntry: () => null, getAsFile: () => loose },
      { kind: 'string', webkitGetAsEntry: () => null, getAsFile: () => null },
    ];
    const dataTransfer = { items } as unknown as DataTransfer;

    const files = await filesFromDataTransfer(dataTransfer);

    expect(files).toHaveLength(121);
    expect(files.at(-1)).toBe(loose);
    expect(files[0]).toHaveProperty('relativePath', 'Trip/IMG_0001.jpg');
  });
});
