/**
 * Creates the local user pool, its app client, groups and demo users, or
 * brings existing ones up to date, so that every start leaves the same
 * pool whatever the data directory already contains.
 */

import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UpdateUserPoolClientCommand,
  UserNotFoundException,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';

import type { DemoUser } from '../config';

/** Amplify's default password policy for `defineAuth`. */
export const passwordPolicy = {
  MinimumLength: 8,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  RequireUppercase: true,
};

export type SeedOptions = {
  userPoolName: string;
  userPoolClientName: string;
  /** Lifetime of ID and access tokens. */
  tokenValiditySeconds: number;
  refreshTokenValidityDays: number;
  demoUsers: DemoUser[];
  demoPassword: string;
};

export type SeededUser = DemoUser & { sub: string };

export type SeededPool = {
  userPoolId: string;
  userPoolClientId: string;
  groups: string[];
  users: SeededUser[];
};

/** Seeds the pool through `client`; safe to run on every start. */
export async function seedUserPool(
  client: CognitoIdentityProviderClient,
  options: SeedOptions,
): Promise<SeededPool> {
  const userPoolId = await findOrCreatePool(client, options.userPoolName);
  const userPoolClientId = await configureClient(client, userPoolId, options);

  const groups = [...new Set(options.demoUsers.flatMap((user) => user.groups))];
  for (const group of groups) {
    await findOrCreateGroup(client, userPoolId, group);
  }

  const users: SeededUser[] = [];
  for (const user of options.demoUsers) {
    const sub = await seedUser(client, userPoolId, user, options.demoPassword);
    users.push({ ...user, sub });
  }

  return { userPoolId, userPoolClientId, groups, users };
}

async function findOrCreatePool(
  client: CognitoIdentityProviderClient,
  name: string,
): Promise<string> {
  const { UserPools = [] } = await client.send(
    new ListUserPoolsCommand({ MaxResults: 60 }),
  );
  const existing = UserPools.find((pool) => pool.Name === name);
  if (existing?.Id) {
    return existing.Id;
  }

  const { UserPool } = await client.send(
    new CreateUserPoolCommand({
      PoolName: name,
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OFF',
      Policies: { PasswordPolicy: passwordPolicy },
    }),
  );

  return requireValue(UserPool?.Id, `CreateUserPool for "${name}"`);
}

/**
 * Creates the app client when missing, then sets its flows and token
 * lifetimes from the options, so that a changed lifetime applies on the
 * next start. Lifetimes are set in seconds, which cognito-local accepts
 * without Cognito's minimum of five minutes.
 */
async function configureClient(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  options: SeedOptions,
): Promise<string> {
  const { UserPoolClients = [] } = await client.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  let clientId = UserPoolClients.find(
    (appClient) => appClient.ClientName === options.userPoolClientName,
  )?.ClientId;
  if (!clientId) {
    const { UserPoolClient } = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: options.userPoolClientName,
      }),
    );
    clientId = requireValue(UserPoolClient?.ClientId, 'CreateUserPoolClient');
  }

  await client.send(
    new UpdateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientId: clientId,
      ExplicitAuthFlows: [
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ],
      IdTokenValidity: options.tokenValiditySeconds,
      AccessTokenValidity: options.tokenValiditySeconds,
      RefreshTokenValidity: options.refreshTokenValidityDays,
      TokenValidityUnits: {
        IdToken: 'seconds',
        AccessToken: 'seconds',
        RefreshToken: 'days',
      },
    }),
  );

  return clientId;
}

// Listed rather than fetched: cognito-local 5.3 fails GetGroup with a 500
// while a pool has no groups at all.
async function findOrCreateGroup(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  groupName: string,
): Promise<void> {
  const { Groups = [] } = await client.send(
    new ListGroupsCommand({ UserPoolId: userPoolId }),
  );
  if (Groups.some((group) => group.GroupName === groupName)) {
    return;
  }

  await client.send(
    new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: groupName }),
  );
}

/**
 * Creates the user when missing and sets the demo password as permanent,
 * so sign-in needs no password change. Returns the user's `sub`.
 */
async function seedUser(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  user: DemoUser,
  password: string,
): Promise<string> {
  let attributes = await getUserAttributes(client, userPoolId, user.email);
  if (!attributes) {
    const { User } = await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: user.email,
        UserAttributes: [
          { Name: 'email', Value: user.email },
          { Name: 'email_verified', Value: 'true' },
        ],
        MessageAction: 'SUPPRESS',
      }),
    );
    attributes = User?.Attributes ?? [];
  }

  await client.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: user.email,
      Password: password,
      Permanent: true,
    }),
  );
  for (const group of user.groups) {
    await client.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: userPoolId,
        Username: user.email,
        GroupName: group,
      }),
    );
  }

  const sub = attributes.find((attribute) => attribute.Name === 'sub')?.Value;

  return requireValue(sub, `the sub attribute of ${user.email}`);
}

async function getUserAttributes(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  email: string,
): Promise<AttributeType[] | undefined> {
  try {
    const { UserAttributes } = await client.send(
      new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }),
    );

    return UserAttributes ?? [];
  } catch (error) {
    if (error instanceof UserNotFoundException) {
      return undefined;
    }
    throw error;
  }
}

function requireValue<T>(value: T | undefined, description: string): T {
  if (value === undefined) {
    throw new Error(`cognito-local returned no value for ${description}.`);
  }

  return value;
}
