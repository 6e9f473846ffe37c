import { setupServer } from 'msw/node';

/** The MSW server every dom test shares; tests add their own handlers. */
export const server = setupServer();
