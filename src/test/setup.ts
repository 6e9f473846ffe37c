import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { Amplify } from 'aws-amplify';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { apiName } from '../config/outputs';
import { apiEndpoint } from './fixtures';
import { server } from './server';

/**
 * jsdom lays nothing out, so every element measures 0 x 0 and a virtual
 * list, which reads its scroll element's client size, would render no
 * rows. Elements report the size of a laptop window instead.
 */
function stubLayout() {
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(768);
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(1024);
}

beforeEach(() => {
  stubLayout();
});

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
