import { useState, type ComponentProps } from 'react';
import { SessionApiProvider } from '../api/SessionApiContext';
import { createSessionApi } from '../api/sessionApi';
import { SignedInApp } from './SignedInApp';

/**
 * Renders the signed-in app with its own session API client. `App` loads
 * this module lazily, so the sign-in page does not download the upload,
 * file browser and REST API code.
 */
export default function SignedInRoot(
  props: ComponentProps<typeof SignedInApp>,
) {
  const [api] = useState(createSessionApi);

  return (
    <SessionApiProvider api={api}>
      <SignedInApp {...props} />
    </SessionApiProvider>
  );
}
