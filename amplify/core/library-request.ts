/**
 * Validation of the bodies of the library and admin routes. Every error
 * names the field, the value and the fix.
 */

import type {
  AdminInviteRequest,
  AdminSettings,
  AdminUserUpdate,
  TrashRequest,
} from './api';
import { InvalidInputError } from './errors';
import { normalizePath } from './keys';
import { isTrashId } from './trash';

/** Parses a JSON body into an object, or throws InvalidInputError. */
export function parseJsonObject(
  body: string | null,
  example: string,
): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch (error) {
    throw new InvalidInputError(
      'INVALID_JSON',
      `The request body is not valid JSON; send ${example}.`,
      error,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidInputError(
      'INVALID_BODY',
      `The request body is not a JSON object; send ${example}.`,
    );
  }

  return parsed as Record<string, unknown>;
}

/** Parses `POST /session/trash`: `{"paths": [...], "permanent"?: bool}`. */
export function parseTrashRequest(
  body: string | null,
  maxPaths: number,
): TrashRequest {
  const example = '{"paths": ["Holiday/IMG 1.jpg"]}';
  const parsed = parseJsonObject(body, example);
  const paths = readStringList(parsed.paths, 'paths', maxPaths, example);
  const permanent = parsed.permanent ?? false;
  if (typeof permanent !== 'boolean') {
    throw new InvalidInputError(
      'INVALID_PERMANENT',
      `permanent is ${JSON.stringify(permanent)}, not a boolean; send true ` +
        'to delete at once, or leave it out to use the trash.',
    );
  }

  return {
    paths: [
      ...new Set(
        paths.map((path, index) => normalizePath(path, `paths[${index}]`)),
      ),
    ],
    permanent,
  };
}

/** Parses `POST /session/trash/restore`: `{"trashIds": [...]}`. */
export function parseTrashRestoreRequest(
  body: string | null,
  maxIds: number,
): string[] {
  const example = '{"trashIds": ["<trashId from GET /session/trash>"]}';
  const parsed = parseJsonObject(body, example);
  const ids = readStringList(parsed.trashIds, 'trashIds', maxIds, example);
  for (const [index, id] of ids.entries()) {
    if (!isTrashId(id)) {
      throw new InvalidInputError(
        'INVALID_TRASH_ID',
        `trashIds[${index}] is ${JSON.stringify(id.slice(0, 40))}, which ` +
          'is not a trash id; send the trashId of an item from GET ' +
          '/session/trash.',
      );
    }
  }

  return [...new Set(ids)];
}

/** Parses `POST /session/archive-restore`: `{"path": "..."}`. */
export function parseArchiveRestoreRequest(body: string | null): string {
  const parsed = parseJsonObject(body, '{"path": "Old/IMG 1.jpg"}');
  if (typeof parsed.path !== 'string') {
    throw new InvalidInputError(
      'INVALID_PATH',
      `path is ${JSON.stringify(parsed.path)}, not a string; send the ` +
        "file's path as GET /session lists it.",
    );
  }

  return normalizePath(parsed.path, 'path');
}

/** Parses `PUT /admin/users/{id}`. */
export function parseAdminUserUpdate(body: string | null): AdminUserUpdate {
  const parsed = parseJsonObject(
    body,
    '{"capBytes": 10737418240} or {"enabled": false}',
  );
  const update: AdminUserUpdate = {};
  if (parsed.capBytes !== undefined) {
    update.capBytes =
      parsed.capBytes === null ? null : readCap(parsed.capBytes, 'capBytes');
  }
  if (parsed.enabled !== undefined) {
    if (typeof parsed.enabled !== 'boolean') {
      throw new InvalidInputError(
        'INVALID_ENABLED',
        `enabled is ${JSON.stringify(parsed.enabled)}, not a boolean; ` +
          'send false to disable the member or true to enable them.',
      );
    }
    update.enabled = parsed.enabled;
  }
  if (update.capBytes === undefined && update.enabled === undefined) {
    throw new InvalidInputError(
      'NOTHING_TO_CHANGE',
      'The request changes nothing; send capBytes (a number of bytes, or ' +
        'null for the default cap), enabled (a boolean), or both.',
    );
  }

  return update;
}

/** Parses `POST /admin/users`: `{"email": "...", "capBytes"?: n}`. */
export function parseAdminInvite(body: string | null): AdminInviteRequest {
  const parsed = parseJsonObject(body, '{"email": "carol@example.com"}');
  const email = typeof parsed.email === 'string' ? parsed.email.trim() : '';
  // A deliberately loose check: Cognito validates the address itself.
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
    throw new InvalidInputError(
      'INVALID_EMAIL',
      `email is ${JSON.stringify(parsed.email)}, which is not an email ` +
        'address; send the new member\'s address, e.g. "carol@example.com".',
    );
  }

  return {
    email: email.toLowerCase(),
    capBytes:
      parsed.capBytes === undefined
        ? undefined
        : readCap(parsed.capBytes, 'capBytes'),
  };
}

/** Parses `PUT /admin/settings`: `{"defaultCapBytes": n}`. */
export function parseAdminSettings(body: string | null): AdminSettings {
  const parsed = parseJsonObject(body, '{"defaultCapBytes": 10737418240}');

  return {
    defaultCapBytes: readCap(parsed.defaultCapBytes, 'defaultCapBytes'),
  };
}

function readCap(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidInputError(
      'INVALID_CAP',
      `${field} is ${JSON.stringify(value)}, which is not a whole number of ` +
        'bytes of 0 or more; send e.g. 10737418240 for 10 GiB.',
    );
  }

  return value;
}

function readStringList(
  value: unknown,
  field: string,
  maxItems: number,
  example: string,
): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidInputError(
      'INVALID_LIST',
      `${field} is ${JSON.stringify(value)?.slice(0, 60)}, not a non-empty ` +
        `array; send ${example}.`,
    );
  }
  if (value.length > maxItems) {
    throw new InvalidInputError(
      'TOO_MANY_ITEMS',
      `${field} has ${value.length} entries, but one request accepts at ` +
        `most ${maxItems}; split it into several requests.`,
    );
  }
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'string') {
      throw new InvalidInputError(
        'INVALID_LIST',
        `${field}[${index}] is ${JSON.stringify(item)}, not a string; ` +
          `send ${example}.`,
      );
    }
  }

  return value as string[];
}
