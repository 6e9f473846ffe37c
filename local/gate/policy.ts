/**
 * Decodes a POST policy (base64 of UTF-8 JSON) and checks its shape:
 * exactly the members `expiration` and `conditions`, and conditions in one
 * of S3's three forms. Whether a condition is met is decided in
 * `conditions.ts`.
 */

import { invalidPolicy } from './post-errors';
import { S3Error } from './s3-error';

/**
 * An exact or prefix match. `field` and `value` are kept as written, even
 * when they are not strings, because S3 then fails the condition rather
 * than the document.
 */
export type MatchCondition = {
  operator: 'eq' | 'starts-with';
  field: unknown;
  value: unknown;
  /** The condition as S3 prints it in a failure message. */
  source: unknown[];
};

/** Byte bounds on the file, as written: numbers or numeric strings. */
export type RangeCondition = {
  operator: 'content-length-range';
  min: unknown;
  max: unknown;
  source: unknown[];
};

export type Condition = MatchCondition | RangeCondition;

export type Policy = {
  /** Milliseconds since the epoch. */
  expiration: number;
  conditions: Condition[];
};

const invalidJson = 'Invalid JSON.';

/** Decodes and checks a policy; returns it or an InvalidPolicyDocument. */
export function parsePolicy(base64Policy: string): Policy | S3Error {
  const document = decodePolicy(base64Policy);
  if (!isPlainObject(document)) {
    return invalidPolicy(invalidJson);
  }

  // S3 matches the member names exactly, so `EXPIRATION` is unexpected.
  const unexpected = Object.keys(document).find(
    (name) => name !== 'expiration' && name !== 'conditions',
  );
  if (unexpected !== undefined) {
    return invalidPolicy(`Unexpected: '${unexpected}'`);
  }
  // NOTE: S3's messages for a missing member and for conditions that are
  // not an array are not captured; these follow its wording for the others.
  if (!('expiration' in document)) {
    return invalidPolicy('Policy missing expiration.');
  }
  if (!('conditions' in document)) {
    return invalidPolicy('Policy missing conditions.');
  }

  const expiration = parseExpiration(document.expiration);
  if (expiration === undefined) {
    const written =
      typeof document.expiration === 'string'
        ? document.expiration
        : JSON.stringify(document.expiration);

    return invalidPolicy(`Invalid 'expiration' value: '${written}'`);
  }
  if (!Array.isArray(document.conditions)) {
    return invalidPolicy("Invalid 'conditions' value: must be an array.");
  }

  const conditions: Condition[] = [];
  for (const written of document.conditions as unknown[]) {
    const condition = parseCondition(written);
    if (condition instanceof S3Error) {
      return condition;
    }
    conditions.push(condition);
  }

  return { expiration, conditions };
}

/** Returns the JSON value, or undefined when any decoding step fails. */
function decodePolicy(base64Policy: string): unknown {
  // Buffer's base64 decoder skips characters outside the alphabet, so the
  // text is checked first. NOTE: S3's response to bad base64 is not captured;
  // the gate treats it as invalid JSON.
  const compact = base64Policy.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    return undefined;
  }

  try {
    const bytes = Buffer.from(compact, 'base64');
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);

    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const expirationPattern =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;

/**
 * Reads an ISO 8601 UTC time with a trailing `Z`, with or without a
 * fraction (`2015-12-30T12:00:00.000Z`, `2015-12-29T01:00:00Z`).
 */
function parseExpiration(value: unknown): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }

  const match = expirationPattern.exec(value);
  if (!match) {
    return undefined;
  }

  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map(Number) as [number, number, number, number, number, number];
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(time);
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }

  const fraction = match[7] ? Number(`0${match[7]}`) : 0;

  return time + Math.floor(fraction * 1000);
}

function parseCondition(written: unknown): Condition | S3Error {
  if (Array.isArray(written)) {
    return parseArrayCondition(written);
  }
  if (!isPlainObject(written)) {
    // NOTE: S3's response to a condition that is neither an object nor an
    // array is not captured.
    return invalidPolicy(invalidJson);
  }

  const entries = Object.entries(written);
  if (entries.length !== 1) {
    return invalidPolicy(
      'Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.',
    );
  }

  const [name, value] = entries[0]!;
  if (value === null) {
    return invalidPolicy(invalidJson);
  }
  if (typeof value !== 'string') {
    return invalidPolicy('Invalid Simple-Condition: value must be a string.');
  }

  const field = `$${name}`;

  return { operator: 'eq', field, value, source: ['eq', field, value] };
}

function parseArrayCondition(written: unknown[]): Condition | S3Error {
  const [operator, first, second] = written;
  // NOTE: S3's messages for an unknown operator and a wrong number of
  // items are not captured; these follow other S3-compatible servers.
  // Operators match in any case, as in those servers.
  const name = typeof operator === 'string' ? operator.toLowerCase() : '';
  if (
    name !== 'eq' &&
    name !== 'starts-with' &&
    name !== 'content-length-range'
  ) {
    return invalidPolicy(
      `Invalid Condition: unknown operation '${String(operator)}'.`,
    );
  }
  if (written.length !== 3) {
    return invalidPolicy(`Invalid ${name}: wrong number of arguments.`);
  }

  if (name === 'content-length-range') {
    // S3 calls a fractional bound invalid JSON. JSON.parse reads 512.0 as
    // 512, so only bounds with a non-zero fraction are caught here.
    const isFraction = (bound: unknown) =>
      typeof bound === 'number' && !Number.isInteger(bound);
    if (isFraction(first) || isFraction(second)) {
      return invalidPolicy(invalidJson);
    }

    return { operator: name, min: first, max: second, source: written };
  }

  return { operator: name, field: first, value: second, source: written };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
