/**
 * Readers for settings held in environment variables, shared by the
 * functions, the local stack and the app. Each returns `fallback` when the
 * variable is unset or empty, and throws an error that names the variable,
 * its value and how to fix it when the value is malformed.
 */

/**
 * Variables by name. Vite's `import.meta.env` also contains booleans, so
 * values may be booleans as well as strings.
 */
export type Environment = Record<string, string | boolean | undefined>;

export function readPositiveInteger(
  environment: Environment,
  name: string,
  fallback: number,
): number {
  const raw = environment[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }

  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isSafeInteger(value) || value <= 0) {
    throw new Error(
      `${name} is "${String(raw)}", but it must be a positive whole number; ` +
        `unset it to use the default ${fallback}.`,
    );
  }

  return value;
}

export function readBoolean(
  environment: Environment,
  name: string,
  fallback: boolean,
): boolean {
  const raw = environment[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (raw === true || raw === 'true') {
    return true;
  }
  if (raw === false || raw === 'false') {
    return false;
  }

  throw new Error(
    `${name} is "${String(raw)}", but it must be true or false; ` +
      `unset it to use the default ${fallback}.`,
  );
}
