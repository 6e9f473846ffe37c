import { describe, expect, it } from 'vitest';
import { folderOf, relativePathOf, toFileRequest } from './filePath';

function withProperty(file: File, name: string, value: string): File {
  Object.defineProperty(file, name, { value });

  return file;
}

describe('relativePathOf', () => {
  it('drops the ./ that file-selector puts before a single file', () => {
    const file = withProperty(new File([], 'a.jpg'), 'relativePath', './a.jpg');

    expect(relativePathOf(file)).toBe('a.jpg');
  });

  it('keeps the folders of a file from a dropped folder', () => {
    const file = withProperty(
      new File([], 'IMG 0001.jpg'),
      'relativePath',
      '/Holiday 2024/Day 1/IMG 0001.jpg',
    );

    expect(relativePathOf(file)).toBe('Holiday 2024/Day 1/IMG 0001.jpg');
  });

  it('reads webkitRelativePath from a folder picker', () => {
    const file = withProperty(
      new File([], 'b.jpg'),
      'webkitRelativePath',
      'Trip/b.jpg',
    );

    expect(relativePathOf(file)).toBe('Trip/b.jpg');
  });

  it('falls back to the name', () => {
    expect(relativePathOf(new File([], 'c #1 + 50%.jpg'))).toBe(
      'c #1 + 50%.jpg',
    );
  });
});

describe('toFileRequest', () => {
  it('places the file under the folder with its type', () => {
    const file = new File([new Uint8Array(7)], 'a.png', { type: 'image/png' });

    expect(toFileRequest(file, 'Trip/')).toEqual({
      path: 'Trip/a.png',
      size: 7,
      contentType: 'image/png',
    });
  });

  it('sends application/octet-stream for a file without a type', () => {
    expect(toFileRequest(new File([], 'notes'), '').contentType).toBe(
      'application/octet-stream',
    );
  });
});

describe('folderOf', () => {
  it.each([
    ['a.jpg', ''],
    ['Trip/a.jpg', 'Trip/'],
    ['Trip/Day 1/a.jpg', 'Trip/Day 1/'],
  ])('gives the folder of %s', (path, folder) => {
    expect(folderOf(path)).toBe(folder);
  });
});
