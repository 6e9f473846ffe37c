/** Errors that stop the local stack before it serves anything. */

/** Base class, so `start.ts` prints these messages without a stack trace. */
export class LocalStackError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalStackError';
  }
}

/** A port that one of the servers needs is taken by another process. */
export class PortInUseError extends LocalStackError {
  readonly port: number;
  readonly service: string;
  readonly variable: string;

  constructor(
    props: { port: number; service: string; variable: string },
    options?: ErrorOptions,
  ) {
    super(
      `Port ${props.port} for ${props.service} is already in use. Stop the ` +
        `process that uses it, or set ${props.variable} to another port.`,
      options,
    );
    this.name = 'PortInUseError';
    this.port = props.port;
    this.service = props.service;
    this.variable = props.variable;
  }
}

/** A package that the local stack imports is not installed. */
export class MissingDependencyError extends LocalStackError {
  readonly packageName: string;

  constructor(packageName: string, options?: ErrorOptions) {
    super(
      `The package "${packageName}" is not installed. Run \`npm install\` ` +
        `in the repository root, then start again.`,
      options,
    );
    this.name = 'MissingDependencyError';
    this.packageName = packageName;
  }
}
