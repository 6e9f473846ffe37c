/**
 * Validation of the `PUT /session` body. Every error names the field, the
 * value and the fix, and unknown fields are ignored so that older servers
 * accept newer clients.
 */

import type { FileRequest } from './api';
import { InvalidInputError } from './errors';
import { normalizePath } from './keys';
import { storageClasses, type StorageClass } from './settings';

/**
 * Largest object one POST may upload: 5 GiB. AWS documents this limit for
 * a single PUT; S3's POST form is assumed to share it.
 */
export const maxPostObjectBytes = 5 * 1024 ** 3;

/** RFC 9110 media type without parameters, e.g. `image/jpeg`. */
const mediaTypePattern =
  /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** RFC 6838 caps type and subtype names at 127 characters each. */
const maxContentTypeLength = 255;

/**
 * Top-level media types registered with IANA (RFC 6838 and later
 * registrations); a type outside this list is a typo or an invention.
 */
const topLevelTypes = [
  'application',
  'audio',
  'example',
  'font',
  'haptics',
  'image',
  'message',
  'model',
  'multipart',
  'text',
  'video',
];

/** A requested file with its path normalised to NFC. */
export type ValidatedFile = Omit<FileRequest, 'replace' | 'storageClass'> & {
  /** Position in the request, for messages and for the response's order. */
  index: number;
  /** Whether the file overwrites a stored file at its path. */
  replace: boolean;
  storageClass?: StorageClass;
};

/**
 * Parses and validates a `PUT /session` body. Throws InvalidInputError on
 * the first problem found.
 */
export function parseSessionRequest(
  body: string | null,
  maxFiles: number,
): ValidatedFile[] {
  const parsed = parseJson(body);
  const files = readFilesArray(parsed, maxFiles);
  const replace = isRecord(parsed)
    ? validateReplace(parsed.replace, 'replace', false)
    : false;
  const validated = files.map((entry, index) =>
    validateFile(entry, index, replace),
  );
  rejectDuplicatePaths(validated);

  return validated;
}

function parseJson(body: string | null): unknown {
  const example = 'send {"files": [{"path", "size", "contentType"}]}';
  if (body === null || body.trim() === '') {
    throw new InvalidInputError(
      'INVALID_JSON',
      `The request body is empty; ${example}.`,
    );
  }

  try {
    return JSON.parse(body);
  } catch (error) {
    const start = JSON.stringify(body.slice(0, 40));
    throw new InvalidInputError(
      'INVALID_JSON',
      `The request body ${start} is not valid JSON ` +
        `(${error instanceof Error ? error.message : String(error)}); ` +
        `${example}.`,
      error,
    );
  }
}

function readFilesArray(parsed: unknown, maxFiles: number): unknown[] {
  if (!isRecord(parsed)) {
    throw new InvalidInputError(
      'INVALID_BODY',
      `The request body is ${describe(parsed)}, not an object; ` +
        'send {"files": [...]}.',
    );
  }

  const files = parsed.files;
  if (files === undefined) {
    throw new InvalidInputError(
      'INVALID_FILES',
      'files is missing; send {"files": [...]} with one entry per file.',
    );
  }
  if (!Array.isArray(files)) {
    throw new InvalidInputError(
      'INVALID_FILES',
      `files is ${describe(files)}, not an array; send one entry per file.`,
    );
  }
  if (files.length === 0) {
    throw new InvalidInputError(
      'INVALID_FILES',
      'files is empty; send at least one file.',
    );
  }
  if (files.length > maxFiles) {
    throw new InvalidInputError(
      'TOO_MANY_FILES',
      `files has ${files.length} entries, but one request accepts at most ` +
        `${maxFiles}; split the batch into several requests.`,
    );
  }

  return files;
}

function validateFile(
  entry: unknown,
  index: number,
  replaceByDefault: boolean,
): ValidatedFile {
  const field = `files[${index}]`;
  if (!isRecord(entry)) {
    throw new InvalidInputError(
      'INVALID_FILE',
      `${field} is ${describe(entry)}, not an object; send ` +
        '{"path", "size", "contentType"}.',
    );
  }

  return {
    index,
    path: validatePathField(entry.path, `${field}.path`),
    size: validateSize(entry.size, `${field}.size`),
    contentType: validateContentType(entry.contentType, `${field}.contentType`),
    replace: validateReplace(
      entry.replace,
      `${field}.replace`,
      replaceByDefault,
    ),
    storageClass: validateStorageClass(
      entry.storageClass,
      `${field}.storageClass`,
    ),
    thumbnail: validateThumbnail(entry.thumbnail, `${field}.thumbnail`),
  };
}

function validateThumbnail(value: unknown, field: string): boolean {
  if (value === undefined) {
    return false;
  }
  if (typeof value !== 'boolean') {
    throw new InvalidInputError(
      'INVALID_THUMBNAIL',
      `${field} is ${describe(value)}, not a boolean; send true when the ` +
        'browser will upload a thumbnail, or leave it out.',
    );
  }

  return value;
}

function validateReplace(
  value: unknown,
  field: string,
  fallback: boolean,
): boolean {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'boolean') {
    throw new InvalidInputError(
      'INVALID_REPLACE',
      `${field} is ${describe(value)}, not a boolean; send true to ` +
        'overwrite a stored file at the same path, false or nothing to ' +
        'keep both.',
    );
  }

  return value;
}

function validateStorageClass(
  value: unknown,
  field: string,
): StorageClass | undefined {
  if (value === undefined) {
    return undefined;
  }

  const storageClass = storageClasses.find((known) => known === value);
  if (storageClass === undefined) {
    throw new InvalidInputError(
      'INVALID_STORAGE_CLASS',
      `${field} is ${describe(value)}, which is not an S3 storage class ` +
        `for uploads; send one of ${storageClasses.join(', ')}, or omit ` +
        "it to use the household's default.",
    );
  }

  return storageClass;
}

function validatePathField(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new InvalidInputError(
      'INVALID_PATH',
      `${field} is ${describe(value)}, not a string; send the file's ` +
        'relative path, e.g. "Holiday 2024/IMG 0001.jpg".',
    );
  }

  return normalizePath(value, field);
}

function validateSize(value: unknown, field: string): number {
  const fix = "send the file's size in bytes as a whole number";
  if (typeof value !== 'number') {
    throw new InvalidInputError(
      'INVALID_SIZE',
      `${field} is ${describe(value)}, not a number; ${fix}.`,
    );
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidInputError(
      'INVALID_SIZE',
      `${field} is ${value}, which is not a whole number of bytes of 0 or ` +
        `more; ${fix}.`,
    );
  }
  if (value > maxPostObjectBytes) {
    throw new InvalidInputError(
      'FILE_TOO_LARGE',
      `${field} is ${value} bytes, over the ${maxPostObjectBytes} bytes ` +
        '(5 GiB) that one browser upload to S3 may carry; split the file ' +
        'or upload it by other means.',
    );
  }

  return value;
}

function validateContentType(value: unknown, field: string): string {
  const fix =
    'send a media type such as "image/jpeg", or ' +
    '"application/octet-stream" when the browser reports none';
  if (typeof value !== 'string') {
    throw new InvalidInputError(
      'INVALID_CONTENT_TYPE',
      `${field} is ${describe(value)}, not a string; ${fix}.`,
    );
  }
  if (value === '') {
    throw new InvalidInputError(
      'INVALID_CONTENT_TYPE',
      `${field} is empty; ${fix}.`,
    );
  }
  if (value.length > maxContentTypeLength || !mediaTypePattern.test(value)) {
    throw new InvalidInputError(
      'INVALID_CONTENT_TYPE',
      `${field} ${JSON.stringify(value.slice(0, 100))} is not a media type ` +
        `of the form type/subtype without parameters; ${fix}.`,
    );
  }
  const topLevelType = value.slice(0, value.indexOf('/')).toLowerCase();
  if (!topLevelTypes.includes(topLevelType)) {
    throw new InvalidInputError(
      'INVALID_CONTENT_TYPE',
      `${field} ${JSON.stringify(value)} has the unknown top-level type ` +
        `${JSON.stringify(topLevelType)}; use one of ` +
        `${topLevelTypes.join(', ')}, or ${fix}.`,
    );
  }

  return value;
}

function rejectDuplicatePaths(files: readonly ValidatedFile[]): void {
  const firstIndexByPath = new Map<string, number>();
  for (const file of files) {
    const first = firstIndexByPath.get(file.path);
    if (first !== undefined) {
      throw new InvalidInputError(
        'DUPLICATE_PATH',
        `files[${first}].path and files[${file.index}].path are both ` +
          `${JSON.stringify(file.path)} after Unicode NFC normalisation; ` +
          'send each file once.',
      );
    }
    firstIndexByPath.set(file.path, file.index);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names a JSON value's type and shows a short form of it, for messages. */
function describe(value: unknown): string {
  if (value === undefined) {
    return 'missing';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'object') {
    return 'an object';
  }

  return `${typeof value} ${JSON.stringify(value).slice(0, 60)}`;
}
