/**
 * Every check that S3 makes on a POST upload before it reads the file
 * content. They run in S3's order where captures of S3 show it: the key
 * field, the signature fields, the credential, the signature, the policy
 * document, its expiration, its conditions, then field coverage. The checks
 * are a pure function of the form, so each rule is testable without a
 * server. The file's length is checked while it streams (`checkFileSize`).
 */

import { evaluateConditions, findUncoveredField } from './conditions';
import type { SizeRange } from './conditions';
import type { FormFields } from './form-fields';
import { parsePolicy } from './policy';
import {
  anonymousAccessDenied,
  emptyKey,
  entityTooLarge,
  entityTooSmall,
  extraInputField,
  invalidStorageClass,
  keyNotStorableLocally,
  keyTooLong,
  malformedDate,
  maxKeyBytes,
  missingField,
  policyExpired,
  signatureMismatch,
  unknownAccessKey,
  unsupportedAlgorithm,
} from './post-errors';
import { S3Error } from './s3-error';
import {
  deriveSigningKey,
  isAmzDate,
  parseCredential,
  signaturesMatch,
  signingAlgorithm,
  signPolicy,
} from './sigv4';

export type PostCheckContext = {
  /** The bucket named in the request's URL. */
  bucket: string;
  /** The bucket's region, which the credential scope must name. */
  region: string;
  /** Secret access key by access key id. */
  credentials: ReadonlyMap<string, string>;
  /** Milliseconds since the epoch. */
  now: number;
};

/** The file part, as far as it is known when its content starts. */
export type FilePart = {
  /** The `filename` parameter, or undefined when the part has none. */
  filename: string | undefined;
};

/** A form that passed every check that does not need the file content. */
export type AcceptedPost = {
  /** The object key, with `${filename}` replaced. */
  key: string;
  /** The form fields, with `${filename}` replaced. */
  fields: FormFields;
  sizeRange: SizeRange;
  accessKeyId: string;
};

/** The SigV4 form fields, with the spelling S3 uses in its messages. */
const signatureFields = [
  ['x-amz-algorithm', 'X-Amz-Algorithm'],
  ['x-amz-credential', 'X-Amz-Credential'],
  ['x-amz-date', 'X-Amz-Date'],
  ['x-amz-signature', 'X-Amz-Signature'],
] as const;

/** Storage classes that S3 accepts for a new object. */
export const storageClasses = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'GLACIER_IR',
  'DEEP_ARCHIVE',
  'EXPRESS_ONEZONE',
];

/**
 * Checks the fields sent before the file part. Returns the accepted upload,
 * or the S3 error for the first check that fails.
 */
export function checkPostForm(
  fields: FormFields,
  file: FilePart,
  context: PostCheckContext,
): AcceptedPost | S3Error {
  // NOTE: S3's order between the missing-key error and the signature
  // errors is not captured; the key comes first, as in LocalStack.
  if (!fields.has('key')) {
    return missingField('key');
  }

  const signed = checkSignature(fields, context);
  if (signed instanceof S3Error) {
    return signed;
  }

  const policy = parsePolicy(signed.policy);
  if (policy instanceof S3Error) {
    return policy;
  }
  // NOTE: S3's behaviour at the exact expiration instant is not captured;
  // the policy counts as expired from that instant on.
  if (context.now >= policy.expiration) {
    return policyExpired();
  }

  const expanded = expandFilename(fields, file.filename);
  const sizeRange = evaluateConditions(
    policy.conditions,
    expanded,
    context.bucket,
  );
  if (sizeRange instanceof S3Error) {
    return sizeRange;
  }

  const uncovered = findUncoveredField(policy.conditions, expanded);
  if (uncovered !== undefined) {
    return extraInputField(uncovered);
  }

  const key = expanded.get('key') ?? '';
  const invalidValue = checkFieldValues(key, expanded);
  if (invalidValue) {
    return invalidValue;
  }

  return { key, fields: expanded, sizeRange, accessKeyId: signed.accessKeyId };
}

/** Checks the file's length against the policy's range, once it is known. */
export function checkFileSize(
  size: number,
  range: SizeRange,
): S3Error | undefined {
  if (size > range.maxBytes) {
    return entityTooLarge(size, range.maxBytes);
  }
  if (size < range.minBytes) {
    return entityTooSmall(size, range.minBytes);
  }

  return undefined;
}

/**
 * Checks that the SigV4 fields are all there, that the credential names a
 * known key in the right region, and that the signature of the policy text
 * as sent matches.
 */
function checkSignature(
  fields: FormFields,
  context: PostCheckContext,
): { policy: string; accessKeyId: string } | S3Error {
  const missing = signatureFields.filter(([name]) => !fields.has(name));
  if (missing.length === signatureFields.length) {
    // No signature at all (SigV2 fields included, which Shoebox never
    // sends): an anonymous upload, which a private bucket rejects.
    return anonymousAccessDenied();
  }
  if (missing.length > 0) {
    return missingField(missing[0]![1]);
  }

  const policy = fields.get('policy');
  // NOTE: S3's response to signature fields without a policy is not
  // captured; the gate names the missing field as for the others.
  if (policy === undefined) {
    return missingField('Policy');
  }

  const algorithm = fields.get('x-amz-algorithm') ?? '';
  if (algorithm !== signingAlgorithm) {
    return unsupportedAlgorithm(algorithm);
  }

  const credential = fields.get('x-amz-credential') ?? '';
  const scope = parseCredential(credential, context.region);
  if (scope instanceof S3Error) {
    return scope;
  }

  const secret = context.credentials.get(scope.accessKeyId);
  if (secret === undefined) {
    return unknownAccessKey(scope.accessKeyId);
  }

  // NOTE: whether S3 compares X-Amz-Date with its clock or with the
  // credential's day is not captured; the gate checks the format only.
  const date = fields.get('x-amz-date') ?? '';
  if (!isAmzDate(date)) {
    return malformedDate(date);
  }

  const signingKey = deriveSigningKey(secret, scope.date, scope.region);
  const provided = fields.get('x-amz-signature') ?? '';
  if (!signaturesMatch(signPolicy(policy, signingKey), provided)) {
    return signatureMismatch(scope.accessKeyId, policy, provided);
  }

  return { policy, accessKeyId: scope.accessKeyId };
}

/**
 * Replaces `${filename}` in every value with the file name after its last
 * `/` or `\`. A file part without a `filename` parameter leaves the text as
 * it is, as S3 was seen to do.
 */
function expandFilename(
  fields: FormFields,
  filename: string | undefined,
): FormFields {
  if (filename === undefined) {
    return fields;
  }

  const baseName = filename.slice(
    Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1,
  );

  return fields.mapValues((value) => value.replaceAll('${filename}', baseName));
}

/** Maximum file name length in bytes on Linux file systems such as ext4. */
const maxFileNameBytes = 255;

/** Suffix of s3rver's metadata file, the longest it adds to a key's name. */
const longestStoreSuffix = '._S3rver_metadata.json';

/**
 * Returns why s3rver's file layout cannot keep `key` apart from every
 * other key, or undefined when it can. A `.` or `..` segment would resolve
 * to another folder, possibly outside the bucket's, and an empty one would
 * merge with its neighbour. A trailing slash is fine, because s3rver
 * stores such a key inside its folder.
 */
function localKeyProblem(key: string): string | undefined {
  if (key.includes('\0')) {
    return 'it contains a NUL character, which no file name can';
  }

  const segments = key.split('/');
  for (const [index, segment] of segments.entries()) {
    const isLast = index === segments.length - 1;
    if (segment === '.' || segment === '..') {
      return `it has a "${segment}" segment, which names another folder`;
    }
    if (segment === '' && !isLast) {
      return 'it has an empty segment between slashes';
    }
    if (segment.includes('._S3rver_')) {
      return 'a segment contains "._S3rver_", which s3rver uses for its own files';
    }

    const maxBytes = isLast
      ? maxFileNameBytes - longestStoreSuffix.length
      : maxFileNameBytes;
    if (Buffer.byteLength(segment, 'utf8') > maxBytes) {
      return `a segment is longer than the ${maxBytes} bytes that fit in a file name there`;
    }
  }

  return undefined;
}

/**
 * Checks the values S3 validates (key length and storage class), and that
 * s3rver can store the key.
 * NOTE: S3's order between these and the size checks is not captured;
 * the gate checks them first, before any byte is stored.
 */
function checkFieldValues(
  key: string,
  fields: FormFields,
): S3Error | undefined {
  if (key === '') {
    return emptyKey();
  }

  const keyBytes = Buffer.byteLength(key, 'utf8');
  if (keyBytes > maxKeyBytes) {
    return keyTooLong(keyBytes);
  }

  const localProblem = localKeyProblem(key);
  if (localProblem !== undefined) {
    return keyNotStorableLocally(key, localProblem);
  }

  const storageClass = fields.get('x-amz-storage-class');
  if (storageClass !== undefined && !storageClasses.includes(storageClass)) {
    return invalidStorageClass(storageClass);
  }

  return undefined;
}
