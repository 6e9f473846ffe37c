import { signIn } from 'aws-amplify/auth';
import { describe, expect, it, vi } from 'vitest';
import { passwordSignInServices } from './signInServices';

vi.mock('aws-amplify/auth', () => ({
  signIn: vi.fn(async () => ({
    isSignedIn: true,
    nextStep: { signInStep: 'DONE' },
  })),
}));

describe('passwordSignInServices.handleSignIn', () => {
  it('signs in with USER_PASSWORD_AUTH', async () => {
    await passwordSignInServices.handleSignIn({
      username: 'alice@example.com',
      password: 'Shoebox-demo-1',
    });

    expect(signIn).toHaveBeenCalledWith({
      username: 'alice@example.com',
      password: 'Shoebox-demo-1',
      options: { authFlowType: 'USER_PASSWORD_AUTH' },
    });
  });

  it('keeps a flow the Authenticator chose', async () => {
    await passwordSignInServices.handleSignIn({
      username: 'alice@example.com',
      options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' },
    });

    expect(signIn).toHaveBeenLastCalledWith({
      username: 'alice@example.com',
      options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' },
    });
  });
});
