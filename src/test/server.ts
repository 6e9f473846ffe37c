import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { costUrl, makeCost } from './fixtures';

/**
 * The MSW server every dom test shares; tests add their own handlers. The
 * member's cost, which the header and the library read, has a default.
 */
export const server = setupServer(
  http.get(costUrl, () => HttpResponse.json(makeCost())),
);
