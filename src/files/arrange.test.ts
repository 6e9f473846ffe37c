import { describe, expect, it } from 'vitest';
import { makeStoredFile } from '../test/fixtures';
import { arrangeEntries } from './arrange';

const files = [
  makeStoredFile('IMG 10.jpg', {
    size: 300,
    lastModified: '2025-01-02T00:00:00.000Z',
  }),
  makeStoredFile('IMG 2.jpg', {
    size: 100,
    lastModified: '2025-01-03T00:00:00.000Z',
  }),
  makeStoredFile('beach.png', {
    size: 200,
    lastModified: '2025-01-01T00:00:00.000Z',
  }),
];

function names(arranged: ReturnType<typeof arrangeEntries>) {
  return arranged.files.map((file) => file.path);
}

describe('arrangeEntries', () => {
  it('sorts names with numbers in reading order', () => {
    const arranged = arrangeEntries([], files, {
      sortBy: 'name',
      direction: 'ascending',
      filter: '',
    });

    expect(names(arranged)).toEqual(['beach.png', 'IMG 2.jpg', 'IMG 10.jpg']);
  });

  it('sorts by size descending', () => {
    const arranged = arrangeEntries([], files, {
      sortBy: 'size',
      direction: 'descending',
      filter: '',
    });

    expect(names(arranged)).toEqual(['IMG 10.jpg', 'beach.png', 'IMG 2.jpg']);
  });

  it('sorts by date ascending', () => {
    const arranged = arrangeEntries([], files, {
      sortBy: 'date',
      direction: 'ascending',
      filter: '',
    });

    expect(names(arranged)).toEqual(['beach.png', 'IMG 10.jpg', 'IMG 2.jpg']);
  });

  it('filters files and folders by name without case', () => {
    const arranged = arrangeEntries(['Old IMG/', 'Trips/'], files, {
      sortBy: 'name',
      direction: 'ascending',
      filter: ' img ',
    });

    expect(names(arranged)).toEqual(['IMG 2.jpg', 'IMG 10.jpg']);
    expect(arranged.folders).toEqual(['Old IMG/']);
  });

  it('matches the file name, not the folder path', () => {
    const nested = [makeStoredFile('Holiday/beach.png')];

    const arranged = arrangeEntries([], nested, {
      sortBy: 'name',
      direction: 'ascending',
      filter: 'holiday',
    });

    expect(arranged.files).toEqual([]);
  });
});
