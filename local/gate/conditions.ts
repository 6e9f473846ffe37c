/**
 * Evaluates a POST policy's conditions against the form, in policy order,
 * and finds form fields that no condition names.
 */

import type { FormFields } from './form-fields';
import type { Condition, MatchCondition, RangeCondition } from './policy';
import { conditionFailed, maxObjectBytes } from './post-errors';
import type { S3Error } from './s3-error';

/** Inclusive byte bounds that the file must meet. */
export type SizeRange = { minBytes: number; maxBytes: number };

/**
 * Checks every condition in order and returns the size range they set, or
 * the AccessDenied error for the first that fails. `bucket` is the bucket
 * the request targets, which `$bucket` compares with. Several
 * `content-length-range` conditions narrow the range to their overlap.
 */
export function evaluateConditions(
  conditions: Condition[],
  fields: FormFields,
  bucket: string,
): SizeRange | S3Error {
  let range: SizeRange = { minBytes: 0, maxBytes: maxObjectBytes };
  for (const condition of conditions) {
    if (condition.operator === 'content-length-range') {
      const bounds = readBounds(condition);
      if (bounds === undefined) {
        return conditionFailed(renderCondition(condition));
      }
      range = {
        minBytes: Math.max(range.minBytes, bounds.minBytes),
        maxBytes: Math.min(range.maxBytes, bounds.maxBytes),
      };
    } else if (!matches(condition, fields, bucket)) {
      return conditionFailed(renderCondition(condition));
    }
  }

  return range;
}

/** Fields that need no condition; S3 also exempts every `x-ignore-*` field. */
const exemptFields = new Set(['x-amz-signature', 'file', 'policy']);

/**
 * Returns the lower-case name of the first field that no condition names,
 * or undefined when every field is covered.
 */
export function findUncoveredField(
  conditions: Condition[],
  fields: FormFields,
): string | undefined {
  const covered = new Set<string>();
  for (const condition of conditions) {
    if (condition.operator !== 'content-length-range') {
      const name = referencedField(condition);
      if (name !== undefined) {
        covered.add(name);
      }
    }
  }

  const uncovered = fields
    .names()
    .map((name) => name.toLowerCase())
    .find(
      (name) =>
        !exemptFields.has(name) &&
        !name.startsWith('x-ignore-') &&
        !covered.has(name),
    );

  return uncovered;
}

/**
 * Renders a condition as S3 does in "Policy Condition failed": a JSON array
 * with `", "` between items, a simple condition written as `eq`.
 */
export function renderCondition(condition: Condition): string {
  return `[${condition.source.map((item) => JSON.stringify(item)).join(', ')}]`;
}

/**
 * Fields that S3 allows only exact matches on. `x-amz-meta-*` also takes
 * `starts-with`; every other `x-amz-*` field is exact only.
 */
function isExactOnly(name: string): boolean {
  if (name.startsWith('x-amz-meta-')) {
    return false;
  }

  return (
    name === 'bucket' ||
    name === 'success_action_status' ||
    name.startsWith('x-amz-')
  );
}

/** Returns the lower-case field name of a `$name` reference, if it is one. */
function referencedField(condition: MatchCondition): string | undefined {
  const field = condition.field;
  if (typeof field !== 'string' || !field.startsWith('$')) {
    return undefined;
  }

  return field.slice(1).toLowerCase();
}

function matches(
  condition: MatchCondition,
  fields: FormFields,
  bucket: string,
): boolean {
  const name = referencedField(condition);
  if (name === undefined || typeof condition.value !== 'string') {
    return false;
  }

  // A condition on an absent field fails, even starts-with "".
  const value = name === 'bucket' ? bucket : fields.get(name);
  if (value === undefined) {
    return false;
  }

  if (condition.operator === 'eq') {
    return value === condition.value;
  }

  // NOTE: S3's response to starts-with on an exact-only field is not
  // captured; the gate fails the condition.
  if (isExactOnly(name)) {
    return false;
  }

  const prefix = condition.value;
  // S3 splits a Content-Type list at commas, and every entry must match,
  // so "image/png,text/html" fails a prefix of "image/".
  if (name === 'content-type') {
    return value.split(',').every((entry) => entry.startsWith(prefix));
  }

  return value.startsWith(prefix);
}

/**
 * Reads the bounds of a range condition, or undefined when either is not
 * a whole number of bytes (S3 then fails the condition).
 */
function readBounds(condition: RangeCondition): SizeRange | undefined {
  const minBytes = readBound(condition.min);
  const maxBytes = readBound(condition.max);
  if (minBytes === undefined || maxBytes === undefined) {
    return undefined;
  }

  return { minBytes, maxBytes };
}

function readBound(bound: unknown): number | undefined {
  if (typeof bound === 'number') {
    return Number.isSafeInteger(bound) && bound >= 0 ? bound : undefined;
  }
  if (typeof bound === 'string' && /^\d+$/.test(bound)) {
    const value = Number(bound);

    return Number.isSafeInteger(value) ? value : undefined;
  }

  return undefined;
}
