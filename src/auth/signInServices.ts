import type { AmplifyContext } from 'aws-amplify';
import { signIn, type SignInInput, type SignInOutput } from 'aws-amplify/auth';

/**
 * Authenticator services for the local user pool, which signs in with
 * `USER_PASSWORD_AUTH` because cognito-local does not implement SRP,
 * Amplify's default.
 */
export const passwordSignInServices = { handleSignIn: signInWithPassword };

// The Authenticator types `handleSignIn` as `signIn`, which also takes an
// Amplify context first, so this accepts both forms.
function signInWithPassword(
  ...args: [SignInInput] | [AmplifyContext, SignInInput]
): Promise<SignInOutput> {
  if (args.length === 1) {
    return signIn(withPasswordFlow(args[0]));
  }

  return signIn(args[0], withPasswordFlow(args[1]));
}

function withPasswordFlow(input: SignInInput): SignInInput {
  return {
    ...input,
    options: {
      ...input.options,
      authFlowType: input.options?.authFlowType ?? 'USER_PASSWORD_AUTH',
    },
  };
}
