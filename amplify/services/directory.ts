/**
 * The member directory: the Cognito user pool's users, behind a small
 * interface so the local stack can pass a client aimed at cognito-local.
 */

import { randomBytes, randomInt } from 'node:crypto';

import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type CognitoIdentityProviderClient,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';

export type DirectoryUser = {
  /** Cognito sub. */
  id: string;
  /** Cognito's username, which the admin operations take. */
  username: string;
  email: string;
  enabled: boolean;
  isAdmin: boolean;
};

export type MemberDirectory = {
  listUsers(): Promise<DirectoryUser[]>;
  /**
   * Creates a user who must set a new password at first sign-in. Returns
   * the temporary password only when `revealTemporaryPassword` is set.
   */
  inviteUser(email: string): Promise<{
    user: DirectoryUser;
    temporaryPassword?: string;
  }>;
  setEnabled(username: string, enabled: boolean): Promise<void>;
};

export type CognitoDirectoryOptions = {
  userPoolId: string;
  adminsGroup: string;
  /**
   * True in the local stack, where cognito-local sends no mail: the
   * directory makes the temporary password and returns it. In AWS,
   * Cognito makes it and emails it, and it is never returned.
   */
  revealTemporaryPassword: boolean;
};

/** Creates a directory over a Cognito user pool. */
export function createCognitoDirectory(
  cognito: CognitoIdentityProviderClient,
  options: CognitoDirectoryOptions,
): MemberDirectory {
  const { userPoolId } = options;

  return {
    async listUsers() {
      const admins = await listAdminUsernames(cognito, options);
      const users: DirectoryUser[] = [];
      let token: string | undefined;
      do {
        const page = await cognito.send(
          new ListUsersCommand({
            UserPoolId: userPoolId,
            PaginationToken: token,
          }),
        );
        for (const user of page.Users ?? []) {
          const converted = toDirectoryUser(user, admins);
          if (converted !== undefined) {
            users.push(converted);
          }
        }
        token = page.PaginationToken;
      } while (token);

      return users;
    },

    async inviteUser(email) {
      const temporaryPassword = options.revealTemporaryPassword
        ? makeTemporaryPassword()
        : undefined;
      const { User } = await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: email,
          TemporaryPassword: temporaryPassword,
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      const user = User && toDirectoryUser(User, new Set());
      if (user === undefined) {
        throw new Error(`Cognito created ${email} but returned no sub.`);
      }

      return { user, temporaryPassword };
    },

    async setEnabled(username, enabled) {
      await cognito.send(
        enabled
          ? new AdminEnableUserCommand({
              UserPoolId: userPoolId,
              Username: username,
            })
          : new AdminDisableUserCommand({
              UserPoolId: userPoolId,
              Username: username,
            }),
      );
    },
  };
}

async function listAdminUsernames(
  cognito: CognitoIdentityProviderClient,
  options: CognitoDirectoryOptions,
): Promise<Set<string>> {
  const usernames = new Set<string>();
  let token: string | undefined;
  do {
    const page = await cognito.send(
      new ListUsersInGroupCommand({
        UserPoolId: options.userPoolId,
        GroupName: options.adminsGroup,
        NextToken: token,
      }),
    );
    for (const user of page.Users ?? []) {
      if (user.Username !== undefined) {
        usernames.add(user.Username);
      }
    }
    token = page.NextToken;
  } while (token);

  return usernames;
}

function toDirectoryUser(
  user: UserType,
  admins: ReadonlySet<string>,
): DirectoryUser | undefined {
  const attribute = (name: string) =>
    user.Attributes?.find((candidate) => candidate.Name === name)?.Value;
  const id = attribute('sub');
  if (id === undefined || user.Username === undefined) {
    return undefined;
  }

  return {
    id,
    username: user.Username,
    email: attribute('email') ?? user.Username,
    enabled: user.Enabled !== false,
    isAdmin: admins.has(user.Username),
  };
}

/**
 * Makes a password that Cognito's default policy accepts: 22 characters
 * with upper and lower case letters, digits and a symbol.
 */
function makeTemporaryPassword(): string {
  const letters = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');

  return `Tmp-${letters}${randomInt(10)}a`;
}
