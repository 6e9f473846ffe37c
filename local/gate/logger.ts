/**
 * The logger the gate writes to. The local stack passes its Powertools
 * logger, which fits this shape. The default writes one JSON object per
 * line, without loading a logging library into the gate.
 */

export type LogAttributes = Record<string, unknown>;

export type GateLogger = {
  debug(message: string, ...attributes: LogAttributes[]): void;
  info(message: string, ...attributes: LogAttributes[]): void;
  error(message: string, ...attributes: LogAttributes[]): void;
};

type Level = 'DEBUG' | 'INFO' | 'ERROR';

/**
 * Returns a logger that writes JSON lines to stdout, with errors as name,
 * message and stack. Debug lines are left out.
 */
export function createJsonLogger(service: string): GateLogger {
  const write = (
    level: Level,
    message: string,
    attributes: LogAttributes[],
  ) => {
    const entry = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service,
      ...serializeErrors(Object.assign({}, ...attributes)),
    };
    process.stdout.write(`${JSON.stringify(entry)}\n`);
  };

  return {
    debug: () => undefined,
    info: (message, ...attributes) => write('INFO', message, attributes),
    error: (message, ...attributes) => write('ERROR', message, attributes),
  };
}

/** A logger that drops everything, for tests and benchmarks. */
export const silentLogger: GateLogger = {
  debug: () => undefined,
  info: () => undefined,
  error: () => undefined,
};

function serializeErrors(attributes: LogAttributes): LogAttributes {
  const serialized: LogAttributes = {};
  for (const [name, value] of Object.entries(attributes)) {
    serialized[name] =
      value instanceof Error
        ? { name: value.name, message: value.message, stack: value.stack }
        : value;
  }

  return serialized;
}
