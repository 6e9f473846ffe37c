/**
 * `npm start`: the local stack plus the Vite dev server for the app, all on
 * loopback. Ctrl-C stops every server.
 */

import path from 'node:path';

import { httpUrl } from './http';
import {
  LocalStackError,
  MissingDependencyError,
  PortInUseError,
} from './errors';
import { portVariables, projectRoot, readLocalConfig } from './config';
import type { StackHandle } from './stack';

type ViteServer = { close(): Promise<void> };

async function main(): Promise<void> {
  const config = readLocalConfig(process.env);
  const { startStack } = await importOrExplain(() => import('./stack'));
  const vite = await importOrExplain(() => import('vite'));

  const stack = await startStack();
  let app: ViteServer;
  try {
    app = await startApp(vite.createServer, config.host, config.appPort);
  } catch (error) {
    await stack.stop();
    throw error;
  }

  stopOnSignal(async () => {
    await app.close();
    await stack.stop();
  });
  printBanner(stack, httpUrl(config.host, config.appPort));
}

async function startApp(
  createViteServer: typeof import('vite').createServer,
  host: string,
  port: number,
): Promise<ViteServer> {
  const listenersBefore = new Set(process.listeners('SIGTERM'));
  const server = await createViteServer({
    root: projectRoot,
    configFile: path.join(projectRoot, 'vite.config.ts'),
    server: { host, port, strictPort: true },
  });
  // On SIGTERM, Vite 8 closes only itself and exits the process before the
  // stack has stopped. Its listener, which it also registers for the end of
  // stdin, is removed, and stopOnSignal stops both.
  for (const listener of process.listeners('SIGTERM')) {
    if (!listenersBefore.has(listener)) {
      process.off('SIGTERM', listener);
      process.stdin.off('end', listener);
    }
  }
  try {
    await server.listen();
  } catch (error) {
    await server.close();
    // With strictPort, Vite rejects a taken port with this message.
    if (error instanceof Error && /already in use/.test(error.message)) {
      throw new PortInUseError(
        { port, service: 'the app', variable: portVariables.appPort },
        { cause: error },
      );
    }
    throw error;
  }

  return server;
}

/** Stops on the first Ctrl-C or SIGTERM. A second one exits at once. */
function stopOnSignal(stop: () => Promise<void>): void {
  let isStopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (isStopping) {
      console.error(`\n${signal} again: exiting without a clean stop.`);
      process.exit(1);
    }
    isStopping = true;
    console.log('\nStopping the local stack…');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('The local stack did not stop cleanly:', error);
        process.exit(1);
      },
    );
  };

  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function printBanner(stack: StackHandle, appUrl: string): void {
  const { config } = stack;
  const users = stack.users.map((user) => {
    const groups = user.groups.length ? ` (${user.groups.join(', ')})` : '';

    return `    ${user.email}${groups}, cap ${formatBytes(user.capBytes)}`;
  });

  console.log(
    [
      '',
      `Shoebox is running at ${appUrl}/`,
      '',
      `  Sign in as one of these, password ${config.demoPassword}:`,
      ...users,
      '',
      `  API       ${stack.endpoints.api}`,
      `  Cognito   ${stack.endpoints.cognito}`,
      `  S3        ${stack.endpoints.s3}`,
      `  DynamoDB  ${stack.endpoints.dynamoDb}`,
      `  Data      ${path.resolve(projectRoot, config.dataDir)}`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }

  return `${Number(value.toFixed(1))} ${units[unit]}`;
}

/**
 * Imports a module, turning a package that is not installed into a
 * MissingDependencyError, whose message names `npm install` as the fix.
 */
async function importOrExplain<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      const name = /Cannot find (?:package|module) '([^']+)'/.exec(
        String(error),
      )?.[1];
      throw new MissingDependencyError(name ?? 'unknown', { cause: error });
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof LocalStackError) {
    console.error(error.message);
  } else {
    console.error('The local stack failed to start:', error);
  }
  process.exit(1);
});
