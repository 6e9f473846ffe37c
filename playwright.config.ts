import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * The end-to-end tests start their own local stack on ports of their own,
 * so a stack left running by `npm start` does not collide with them, and
 * with a fresh data directory, so every run starts from the seeded state.
 */
export const e2ePorts = {
  app: 5273,
  api: 3101,
  cognito: 9329,
  s3: 4668,
  dynamoDb: 4667,
};

/** Short, so one test can outlive a token and see the app refresh it. */
export const e2eTokenValiditySeconds = 20;

/**
 * Short, so a test can see a cancelled upload's reservation free when its
 * policy expires; long enough for every upload of the other tests, which
 * send small files over loopback.
 */
export const e2ePolicyExpirySeconds = 30;

/**
 * Short, so a test can restore a Deep Archive file and download it, but
 * long enough for the test to see the file restoring first.
 */
export const e2eRestoreDelaySeconds = 5;

const dataDir = path.join(tmpdir(), `shoebox-e2e-${process.pid}`);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${e2ePorts.app}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'npx tsx local/start.ts',
    url: `http://127.0.0.1:${e2ePorts.app}`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    env: {
      SHOEBOX_APP_PORT: String(e2ePorts.app),
      SHOEBOX_API_PORT: String(e2ePorts.api),
      SHOEBOX_COGNITO_PORT: String(e2ePorts.cognito),
      SHOEBOX_S3_PORT: String(e2ePorts.s3),
      SHOEBOX_DYNAMODB_PORT: String(e2ePorts.dynamoDb),
      SHOEBOX_DATA_DIR: dataDir,
      SHOEBOX_OUTPUTS_PATH: path.join(dataDir, 'amplify_outputs.json'),
      SHOEBOX_TOKEN_VALIDITY_SECONDS: String(e2eTokenValiditySeconds),
      // S3 may deliver an event more than once, so every test runs with
      // each event delivered twice.
      SHOEBOX_DUPLICATE_EVENTS: 'true',
      SHOEBOX_POLICY_EXPIRY_SECONDS: String(e2ePolicyExpirySeconds),
      SHOEBOX_LOCAL_RESTORE_DELAY_SECONDS: String(e2eRestoreDelaySeconds),
    },
  },
});
