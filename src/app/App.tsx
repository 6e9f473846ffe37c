import { Authenticator } from '@aws-amplify/ui-react';
import { useQueryClient } from '@tanstack/react-query';
import type { AuthUser } from 'aws-amplify/auth';
import { lazy, Suspense } from 'react';
import type { Member } from '../auth/MemberContext';
import { passwordSignInServices } from '../auth/signInServices';
import type { AppSettings } from '../config/settings';

const SignedInRoot = lazy(() => import('./SignedInRoot'));

/**
 * Renders sign-in, then the app. Sign-up is hidden because an admin creates
 * members. With `isLocalStack` sign-in uses `USER_PASSWORD_AUTH`, and SRP
 * otherwise.
 */
export function App({
  isLocalStack,
  settings,
}: {
  isLocalStack: boolean;
  settings: AppSettings;
}) {
  const queryClient = useQueryClient();

  return (
    <Authenticator
      hideSignUp
      services={isLocalStack ? passwordSignInServices : undefined}
      components={{ Header: SignInHeader }}
    >
      {({ user, signOut }) =>
        user ? (
          <Suspense fallback={<Loading />}>
            <SignedInRoot
              key={user.userId}
              member={toMember(user)}
              settings={settings}
              onSignOut={() => {
                queryClient.clear();
                signOut?.();
              }}
            />
          </Suspense>
        ) : (
          <></>
        )
      }
    </Authenticator>
  );
}

function SignInHeader() {
  return (
    <div className="px-4 pt-8 pb-4 text-center">
      <h1 className="text-2xl font-bold text-amber-800">Shoebox</h1>
      <p className="text-sm text-stone-600">
        Sign in with the email address your family admin added.
      </p>
    </div>
  );
}

function Loading() {
  return (
    <p role="status" className="p-8 text-center text-sm text-stone-600">
      Loading your library…
    </p>
  );
}

function toMember(user: AuthUser): Member {
  return {
    sub: user.userId,
    email: user.signInDetails?.loginId ?? user.username,
  };
}
