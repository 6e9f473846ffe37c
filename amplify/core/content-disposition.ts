/**
 * `Content-Disposition` values for downloads. RFC 6266 lets a server send
 * the name twice: `filename` for old clients, limited to ASCII, and
 * `filename*` with the UTF-8 name percent-encoded as RFC 8187 (formerly
 * RFC 5987) defines. Browsers prefer `filename*` when both are present.
 */

/** Characters RFC 8187's `attr-char` allows unencoded. */
const attrChar = /[A-Za-z0-9!#$&+\-.^_`|~]/;

/**
 * Builds a `Content-Disposition` header for a file name, e.g.
 * `attachment; filename="Cafe.jpg"; filename*=UTF-8''Caf%C3%A9.jpg`.
 */
export function contentDisposition(
  fileName: string,
  disposition: 'attachment' | 'inline' = 'attachment',
): string {
  const name = fileName.normalize('NFC');

  return (
    `${disposition}; filename="${asciiFallback(name)}"; ` +
    `filename*=UTF-8''${encodeExtValue(name)}`
  );
}

/**
 * Returns an ASCII stand-in for a name: accents dropped (`é` to `e`), other
 * non-ASCII characters, quotes, backslashes and control characters
 * replaced by `_`.
 */
export function asciiFallback(fileName: string): string {
  const withoutAccents = fileName
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .normalize('NFC');
  let fallback = '';
  for (const character of withoutAccents) {
    const code = character.codePointAt(0) ?? 0;
    const isPrintableAscii = code >= 0x20 && code < 0x7f;
    fallback +=
      isPrintableAscii && character !== '"' && character !== '\\'
        ? character
        : '_';
  }

  return fallback;
}

/** Percent-encodes a name's UTF-8 bytes outside `attr-char`. */
export function encodeExtValue(fileName: string): string {
  let encoded = '';
  for (const character of fileName) {
    if (attrChar.test(character)) {
      encoded += character;
      continue;
    }
    for (const byte of new TextEncoder().encode(character)) {
      encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }

  return encoded;
}

/** Returns the last segment of a path: the file name. */
export function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
