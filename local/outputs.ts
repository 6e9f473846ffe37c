/**
 * `amplify_outputs.json` for the local stack, in the shape that
 * `npx ampx generate outputs` writes (schema version 1.5 of
 * @aws-amplify/client-config), plus the local endpoints under
 * `custom.local`.
 */

import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { passwordPolicy } from './cognito/seed';

/**
 * Name of the API under `custom.API`, equal to `apiName` in
 * `amplify/backend/api.ts`, which is not imported because it loads CDK.
 */
export const apiName = 'ShoeboxApi';

/** Name of the bucket in `storage.buckets`, as `defineStorage` names it. */
const storageName = 'shoeboxFiles';

export type OutputsInput = {
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  groups: string[];
  bucketName: string;
  /** Base URL of the session API, ending in `/` like API Gateway's. */
  apiEndpoint: string;
  cognitoEndpoint: string;
  s3Endpoint: string;
  dynamoDbEndpoint: string;
};

export function buildOutputs(input: OutputsInput) {
  return {
    version: '1.5',
    auth: {
      aws_region: input.region,
      user_pool_id: input.userPoolId,
      user_pool_client_id: input.userPoolClientId,
      password_policy: {
        min_length: passwordPolicy.MinimumLength,
        require_lowercase: passwordPolicy.RequireLowercase,
        require_numbers: passwordPolicy.RequireNumbers,
        require_symbols: passwordPolicy.RequireSymbols,
        require_uppercase: passwordPolicy.RequireUppercase,
      },
      standard_required_attributes: ['email'],
      username_attributes: ['email'],
      user_verification_types: ['email'],
      groups: input.groups.map((group, precedence) => ({
        [group]: { precedence },
      })),
      mfa_configuration: 'NONE',
      // The backend turns guest access off, and the local stack has no
      // identity pool at all.
      unauthenticated_identities_enabled: false,
    },
    storage: {
      aws_region: input.region,
      bucket_name: input.bucketName,
      buckets: [
        {
          name: storageName,
          bucket_name: input.bucketName,
          aws_region: input.region,
        },
      ],
    },
    custom: {
      API: {
        [apiName]: {
          endpoint: input.apiEndpoint,
          region: input.region,
          apiName,
        },
      },
      local: {
        userPoolEndpoint: input.cognitoEndpoint,
        s3Endpoint: input.s3Endpoint,
        dynamoDbEndpoint: input.dynamoDbEndpoint,
      },
    },
  };
}

export type Outputs = ReturnType<typeof buildOutputs>;

/**
 * Writes the outputs to `file` through a temporary file, so that Vite,
 * which may serve the file at any moment, never reads half of it.
 */
export async function writeOutputs(
  file: string,
  outputs: Outputs,
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(outputs, null, 2)}\n`);
  await rename(temporary, file);
}
