import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { Amplify } from 'aws-amplify';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { apiName } from '../config/outputs';
import { apiEndpoint } from './fixtures';
import { server } from './server';

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  Amplify.configure({
    API: { REST: { [apiName]: { endpoint: apiEndpoint } } },
  });
});

afterEach(() => {
  cleanup();
  server.resetHandlers();
  vi.restoreAllMocks();
});

afterAll(() => {
  server.close();
});
