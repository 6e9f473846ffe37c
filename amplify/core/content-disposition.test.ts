import { describe, expect, it } from 'vitest';

import {
  asciiFallback,
  contentDisposition,
  encodeExtValue,
  fileNameOf,
} from './content-disposition';

describe('contentDisposition', () => {
  it('sends an ASCII name in both parameters', () => {
    expect(contentDisposition('IMG_0001.jpg')).toBe(
      `attachment; filename="IMG_0001.jpg"; filename*=UTF-8''IMG_0001.jpg`,
    );
  });

  it('encodes an accented name as UTF-8', () => {
    expect(contentDisposition('Café.jpg')).toBe(
      `attachment; filename="Cafe.jpg"; filename*=UTF-8''Caf%C3%A9.jpg`,
    );
  });

  it('composes a decomposed accent before encoding', () => {
    expect(contentDisposition('Cafe\u0301.jpg')).toContain(
      "filename*=UTF-8''Caf%C3%A9.jpg",
    );
  });

  it('marks inline previews', () => {
    expect(contentDisposition('a.png', 'inline')).toMatch(/^inline; /);
  });
});

describe('asciiFallback', () => {
  it('replaces quotes and backslashes', () => {
    expect(asciiFallback('say "hi"\\.txt')).toBe('say _hi__.txt');
  });

  it('replaces characters without an ASCII form', () => {
    expect(asciiFallback('東京 2024.jpg')).toBe('__ 2024.jpg');
  });

  it('replaces control characters', () => {
    expect(asciiFallback('a\nb.txt')).toBe('a_b.txt');
  });
});

describe('encodeExtValue', () => {
  it('encodes spaces, percent signs and emoji', () => {
    expect(encodeExtValue('100% 🐈.gif')).toBe('100%25%20%F0%9F%90%88.gif');
  });

  it('encodes a quote and a semicolon', () => {
    expect(encodeExtValue(`it's;x`)).toBe('it%27s%3Bx');
  });

  it('round-trips through decodeURIComponent', () => {
    const name = 'Über straße 東京 "x" 100%.jpg';

    expect(decodeURIComponent(encodeExtValue(name))).toBe(name);
  });
});

describe('fileNameOf', () => {
  it('returns the last segment', () => {
    expect(fileNameOf('Holiday 2024/Day 1/IMG 1.jpg')).toBe('IMG 1.jpg');
  });

  it('returns a root file unchanged', () => {
    expect(fileNameOf('notes.txt')).toBe('notes.txt');
  });
});
