/**
 * Errors that Shoebox raises on purpose. Each carries the HTTP status and
 * the machine-readable code that the API returns, and states whether its
 * message may be shown to the member (input errors name the value and the
 * fix) or must stay in the logs (a server fault may mention table names).
 */

export type ShoeboxErrorOptions = {
  code: string;
  statusCode: number;
  isUserVisible: boolean;
  cause?: unknown;
};

export class ShoeboxError extends Error {
  override name = 'ShoeboxError';
  readonly code: string;
  readonly statusCode: number;
  readonly isUserVisible: boolean;

  constructor(message: string, options: ShoeboxErrorOptions) {
    super(message, { cause: options.cause });
    this.code = options.code;
    this.statusCode = options.statusCode;
    this.isUserVisible = options.isUserVisible;
  }
}

/**
 * A request value that breaks a rule. The message names the field, the
 * value and the fix.
 */
export class InvalidInputError extends ShoeboxError {
  override name = 'InvalidInputError';

  constructor(code: string, message: string, cause?: unknown) {
    super(message, { code, statusCode: 400, isUserVisible: true, cause });
  }
}

/** A request without the verified identity that the Cognito authorizer adds. */
export class UnauthorizedError extends ShoeboxError {
  override name = 'UnauthorizedError';

  constructor(message: string) {
    super(message, {
      code: 'UNAUTHORIZED',
      statusCode: 401,
      isUserVisible: true,
    });
  }
}

/** A verified member calling a route that only a group may call. */
export class ForbiddenError extends ShoeboxError {
  override name = 'ForbiddenError';

  constructor(message: string) {
    super(message, {
      code: 'FORBIDDEN',
      statusCode: 403,
      isUserVisible: true,
    });
  }
}

/** A route that the API does not serve. */
export class RouteNotFoundError extends ShoeboxError {
  override name = 'RouteNotFoundError';

  constructor(method: string, path: string, knownPaths: readonly string[]) {
    super(
      `No route serves ${method} ${path}; the API serves ${knownPaths.join(', ')}.`,
      {
        code: 'NOT_FOUND',
        statusCode: 404,
        isUserVisible: true,
      },
    );
  }
}

/** A known route called with a method that it does not serve. */
export class MethodNotAllowedError extends ShoeboxError {
  override name = 'MethodNotAllowedError';
  readonly allowedMethods: readonly string[];

  constructor(method: string, path: string, allowedMethods: string[]) {
    super(
      `${path} does not serve ${method}; use ${allowedMethods.join(' or ')}.`,
      { code: 'METHOD_NOT_ALLOWED', statusCode: 405, isUserVisible: true },
    );
    this.allowedMethods = allowedMethods;
  }
}

/**
 * A write that kept losing to concurrent writes on the same item until the
 * retry budget ran out. Safe to retry: nothing was reserved.
 */
export class ContentionError extends ShoeboxError {
  override name = 'ContentionError';

  constructor(message: string, cause?: unknown) {
    super(message, {
      code: 'BUSY',
      statusCode: 503,
      isUserVisible: true,
      cause,
    });
  }
}
