/**
 * The errors that S3 returns for a browser POST upload, with S3's status
 * codes and exact wire strings, including the doubled space after the first
 * sentence of the field messages and S3's own spelling "preceeding" and
 * "formated". Errors that no capture of S3 fixes are marked where they
 * are built.
 */

import { S3Error } from './s3-error';

/** Largest form, in bytes, that S3 reads before the file content. */
export const maxPreDataBytes = 20480;

/** Largest object that one POST may store: S3's 5 GB single-upload cap. */
export const maxObjectBytes = 5 * 1024 ** 3;

/** Largest key, in UTF-8 bytes. */
export const maxKeyBytes = 1024;

export function preconditionFailed(): S3Error {
  return new S3Error(
    412,
    'PreconditionFailed',
    'At least one of the pre-conditions you specified did not hold',
    [
      [
        'Condition',
        'Bucket POST must be of the enclosure-type multipart/form-data',
      ],
    ],
  );
}

export function malformedPostRequest(cause?: unknown): S3Error {
  return new S3Error(
    400,
    'MalformedPOSTRequest',
    'The body of your POST request is not well-formed multipart/form-data.',
    [],
    { cause },
  );
}

export function preDataTooLarge(): S3Error {
  return new S3Error(
    400,
    'MaxPostPreDataLengthExceeded',
    'Your POST request fields preceeding the upload file was too large.',
    [['MaxPostPreDataLengthBytes', String(maxPreDataBytes)]],
  );
}

/** Builds the error for a form with no `file` part, or more than one. */
export function wrongFileCount(fileCount: number): S3Error {
  return new S3Error(
    400,
    'InvalidArgument',
    'POST requires exactly one file upload per request.',
    [
      ['ArgumentName', 'file'],
      ['ArgumentValue', String(fileCount)],
    ],
  );
}

/**
 * Builds the error for a field that S3 needs but that is missing before the
 * file part, named with S3's spelling: `key`, `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`,
 * `X-Amz-Signature` or `Policy`.
 */
export function missingField(name: string): S3Error {
  return new S3Error(
    400,
    'InvalidArgument',
    `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
    [
      ['ArgumentName', name],
      ['ArgumentValue', ''],
    ],
  );
}

/** Builds the error for a POST with no signature to a private bucket. */
export function anonymousAccessDenied(): S3Error {
  return new S3Error(403, 'AccessDenied', 'Access Denied');
}

/**
 * Builds the error for an `X-Amz-Algorithm` other than AWS4-HMAC-SHA256.
 * NOTE: S3's response for POST is not captured; this is its response to the
 * same mistake in a presigned URL, as an InvalidArgument.
 */
export function unsupportedAlgorithm(value: string): S3Error {
  return new S3Error(
    400,
    'InvalidArgument',
    'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"',
    [
      ['ArgumentName', 'X-Amz-Algorithm'],
      ['ArgumentValue', value],
    ],
  );
}

/**
 * Builds the error for an `X-Amz-Credential` that is not `<key id>/<yyyymmdd>/<region>/s3/
 * aws4_request`. NOTE: the message is S3's for a malformed credential in a
 * presigned URL; its response for POST is not captured.
 */
export function malformedCredential(value: string, detail: string): S3Error {
  return new S3Error(
    400,
    'InvalidArgument',
    `Error parsing the X-Amz-Credential parameter; ${detail}`,
    [
      ['ArgumentName', 'X-Amz-Credential'],
      ['ArgumentValue', value],
    ],
  );
}

export function emptyAccessKey(credential: string): S3Error {
  return new S3Error(
    400,
    'InvalidArgument',
    'a non-empty Access Key (AKID) must be provided in the credential.',
    [
      ['ArgumentName', 'X-Amz-Credential'],
      ['ArgumentValue', credential],
    ],
  );
}

export function wrongRegion(
  credential: string,
  given: string,
  expected: string,
): S3Error {
  return new S3Error(
    400,
    'InvalidArgument',
    `the region '${given}' is wrong; expecting '${expected}'`,
    [
      ['ArgumentName', 'X-Amz-Credential'],
      ['ArgumentValue', credential],
      ['Region', expected],
    ],
  );
}

export function unknownAccessKey(accessKeyId: string): S3Error {
  return new S3Error(
    403,
    'InvalidAccessKeyId',
    'The AWS Access Key Id you provided does not exist in our records.',
    [['AWSAccessKeyId', accessKeyId]],
  );
}

export function malformedDate(value: string): S3Error {
  return new S3Error(
    400,
    'InvalidArgument',
    'X-Amz-Date must be formated via ISO8601 Long format',
    [
      ['ArgumentName', 'X-Amz-Date'],
      ['ArgumentValue', value],
    ],
  );
}

/** Builds the error for a signature that does not match the policy as sent. */
export function signatureMismatch(
  accessKeyId: string,
  policy: string,
  signature: string,
): S3Error {
  const policyBytes = Buffer.from(policy, 'utf8').toString('hex');

  return new S3Error(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    [
      ['AWSAccessKeyId', accessKeyId],
      ['StringToSign', policy],
      ['SignatureProvided', signature],
      ['StringToSignBytes', policyBytes.replace(/(..)(?!$)/g, '$1 ')],
    ],
  );
}

/** Builds the error for an invalid policy; `detail` follows "Invalid Policy: ". */
export function invalidPolicy(detail: string): S3Error {
  return new S3Error(400, 'InvalidPolicyDocument', `Invalid Policy: ${detail}`);
}

export function policyExpired(): S3Error {
  return new S3Error(
    403,
    'AccessDenied',
    'Invalid according to Policy: Policy expired.',
  );
}

/** Builds the error for a failed condition, printed as `["eq", "$key", "a"]`. */
export function conditionFailed(rendered: string): S3Error {
  return new S3Error(
    403,
    'AccessDenied',
    `Invalid according to Policy: Policy Condition failed: ${rendered}`,
  );
}

export function extraInputField(name: string): S3Error {
  return new S3Error(
    403,
    'AccessDenied',
    `Invalid according to Policy: Extra input fields: ${name}`,
  );
}

export function entityTooLarge(size: number, maxBytes: number): S3Error {
  return new S3Error(
    400,
    'EntityTooLarge',
    'Your proposed upload exceeds the maximum allowed size',
    [
      ['ProposedSize', String(size)],
      ['MaxSizeAllowed', String(maxBytes)],
    ],
  );
}

export function entityTooSmall(size: number, minBytes: number): S3Error {
  return new S3Error(
    400,
    'EntityTooSmall',
    'Your proposed upload is smaller than the minimum allowed size',
    [
      ['ProposedSize', String(size)],
      ['MinSizeAllowed', String(minBytes)],
    ],
  );
}

/** Builds the error for a key that is empty after `${filename}` was replaced. */
export function emptyKey(): S3Error {
  return new S3Error(
    400,
    'InvalidArgument',
    'User key must have a length greater than 0.',
    [
      ['ArgumentName', 'key'],
      ['ArgumentValue', ''],
    ],
  );
}

/**
 * Builds the error for a key that s3rver cannot store as it is, because it
 * keeps keys as file paths. Amazon S3 accepts such keys.
 */
export function keyNotStorableLocally(key: string, reason: string): S3Error {
  return new S3Error(
    400,
    'InvalidArgument',
    `The local S3 cannot store key "${key}": ${reason}. Amazon S3 ` +
      'accepts this key, but s3rver keeps keys as file paths. Choose ' +
      'another key to store the object locally.',
    [
      ['ArgumentName', 'key'],
      ['ArgumentValue', key],
    ],
  );
}

export function keyTooLong(keyBytes: number): S3Error {
  return new S3Error(400, 'KeyTooLongError', 'Your key is too long', [
    ['Size', String(keyBytes)],
    ['MaxSizeAllowed', String(maxKeyBytes)],
  ]);
}

export function invalidStorageClass(requested: string): S3Error {
  return new S3Error(
    400,
    'InvalidStorageClass',
    'The storage class you specified is not valid',
    [['StorageClassRequested', requested]],
  );
}

export function noSuchBucket(bucket: string): S3Error {
  return new S3Error(
    404,
    'NoSuchBucket',
    'The specified bucket does not exist',
    [['BucketName', bucket]],
  );
}

export function internalError(cause?: unknown): S3Error {
  return new S3Error(
    500,
    'InternalError',
    'We encountered an internal error. Please try again.',
    [],
    { cause },
  );
}
