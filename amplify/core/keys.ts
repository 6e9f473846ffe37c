/**
 * Object keys and the paths members see. A member's objects live under
 * `users/<sub>/`, where `<sub>` is their Cognito user id. The rest of the key
 * is the file's relative path in Unicode NFC, so that the same name typed on
 * macOS (NFD) and on Windows (NFC) is one file.
 */

import { InvalidInputError } from './errors';

/** S3's limit on the UTF-8 length of an object key. */
export const maxKeyBytes = 1024;

const membersFolder = 'users/';
const utf8 = new TextEncoder();

/** Returns the key prefix of every object of one member. */
export function memberPrefix(memberId: string): string {
  return `${membersFolder}${memberId}/`;
}

/**
 * Normalises a file path sent by the browser to NFC and validates it.
 * Throws InvalidInputError, naming `field`, the value and the fix, when the
 * path:
 * - is empty, or starts or ends with `/`;
 * - has an empty, `.` or `..` segment;
 * - contains a backslash, a control character or an unpaired surrogate;
 * - has a segment ending in a space or a dot, because Windows cannot store
 *   such names and the S3 console cannot download them.
 */
export function normalizePath(path: string, field: string): string {
  const normalized = path.normalize('NFC');
  validatePath(normalized, `${field} ${JSON.stringify(path)}`);

  return normalized;
}

function validatePath(normalized: string, subject: string): void {
  const fixRelative = 'send the path relative to the dropped folder';

  if (normalized === '') {
    throw invalidPath(`${subject} is empty; send the file's name.`);
  }
  if (normalized.startsWith('/')) {
    throw invalidPath(`${subject} starts with "/"; ${fixRelative}.`);
  }
  if (normalized.endsWith('/')) {
    throw invalidPath(
      `${subject} ends with "/", which names a folder; send the file's path.`,
    );
  }
  if (normalized.includes('\\')) {
    throw invalidPath(
      `${subject} contains a backslash; separate folders with "/".`,
    );
  }

  const control = /\p{Cc}/u.exec(normalized);
  if (control) {
    const name = codePointName(control[0]);
    throw invalidPath(
      `${subject} contains the control character ${name}; ` +
        'rename the file without control characters.',
    );
  }
  if (hasUnpairedSurrogate(normalized)) {
    throw invalidPath(
      `${subject} contains an unpaired UTF-16 surrogate, which is not valid ` +
        'Unicode; rename the file.',
    );
  }

  for (const segment of normalized.split('/')) {
    validateSegment(segment, subject, fixRelative);
  }
}

function validateSegment(segment: string, subject: string, fix: string): void {
  if (segment === '') {
    throw invalidPath(
      `${subject} contains an empty folder name ("//"); ${fix}.`,
    );
  }
  if (segment === '.' || segment === '..') {
    throw invalidPath(`${subject} contains a "${segment}" segment; ${fix}.`);
  }
  if (/[ .]$/.test(segment)) {
    const ending = segment.endsWith(' ') ? 'a space' : 'a dot';
    const name = JSON.stringify(segment);
    throw invalidPath(
      `${subject} has the name ${name} ending in ${ending}; ` +
        'rename it without trailing spaces or dots.',
    );
  }
}

/**
 * Returns the object key of a member's file, `users/<sub>/<path>`, for a path
 * that normalizePath accepted. Throws InvalidInputError naming `field` when
 * the key would exceed S3's 1,024 UTF-8 bytes.
 */
export function toObjectKey(
  memberId: string,
  path: string,
  field: string,
): string {
  const key = `${memberPrefix(memberId)}${path}`;
  const keyBytes = utf8.encode(key).length;
  if (keyBytes > maxKeyBytes) {
    throw invalidPath(
      `${field} ${JSON.stringify(path)} makes the object key ${keyBytes} ` +
        `bytes long in UTF-8, over S3's limit of ${maxKeyBytes}; shorten ` +
        `the path by at least ${keyBytes - maxKeyBytes} bytes.`,
    );
  }

  return key;
}

/**
 * Normalises a folder prefix for listing: `""` is the member's root, and any
 * other value becomes a valid path ending in `/` (`"Holiday 2024"` and
 * `"Holiday 2024/"` both list that folder). Throws InvalidInputError naming
 * `field` on a value that is not a valid path.
 */
export function normalizeFolderPrefix(prefix: string, field: string): string {
  if (prefix === '') {
    return '';
  }

  const normalized = prefix.normalize('NFC');
  const folder = normalized.endsWith('/')
    ? normalized.slice(0, -1)
    : normalized;
  validatePath(folder, `${field} ${JSON.stringify(prefix)}`);

  return `${folder}/`;
}

/**
 * Splits an object key into the member id and the path under their prefix.
 * Returns undefined for a key outside `users/<sub>/` or naming no file.
 */
export function parseObjectKey(
  key: string,
): { memberId: string; path: string } | undefined {
  if (!key.startsWith(membersFolder)) {
    return undefined;
  }

  const rest = key.slice(membersFolder.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) {
    return undefined;
  }

  return { memberId: rest.slice(0, slash), path: rest.slice(slash + 1) };
}

/**
 * Decodes `s3.object.key` from an S3 event record. S3 encodes keys as HTML
 * forms do: a space arrives as `+`, a literal `+` as `%2B` and `%` as `%25`,
 * so `+` must become a space before percent-decoding. Throws
 * InvalidInputError on a malformed percent escape.
 */
export function decodeEventKey(encodedKey: string): string {
  try {
    return decodeURIComponent(encodedKey.replace(/\+/g, ' '));
  } catch (error) {
    throw new InvalidInputError(
      'INVALID_EVENT_KEY',
      `The event key ${JSON.stringify(encodedKey)} is not valid ` +
        'URL-encoded UTF-8.',
      error,
    );
  }
}

/**
 * Returns `path` with a copy number before the extension, the way file
 * managers keep both files: `a/photo.jpg` with 2 becomes `a/photo (2).jpg`.
 * A name whose only dot is its first character (`.profile`) has no extension.
 */
export function withCopyNumber(path: string, copyNumber: number): string {
  const nameStart = path.lastIndexOf('/') + 1;
  const dot = path.lastIndexOf('.');
  const suffix = ` (${copyNumber})`;
  if (dot <= nameStart) {
    return `${path}${suffix}`;
  }

  return `${path.slice(0, dot)}${suffix}${path.slice(dot)}`;
}

function invalidPath(message: string): InvalidInputError {
  return new InvalidInputError('INVALID_PATH', message);
}

function codePointName(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;

  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

const unpairedSurrogate =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function hasUnpairedSurrogate(text: string): boolean {
  return unpairedSurrogate.test(text);
}
