import { Amplify, type ResourcesConfig } from 'aws-amplify';

/** Name under which the app configures the session API in Amplify. */
export const apiName = 'ShoeboxApi';

type RestApiOutput = {
  endpoint: string;
  region?: string;
  apiName?: string;
};

/** The part of `amplify_outputs.json` that Shoebox's backend adds itself. */
type CustomOutputs = {
  /** REST APIs by name, as Amplify's REST API guide adds them. */
  API?: Record<string, RestApiOutput>;
  /** Present only when the local stack wrote the file. */
  local?: {
    userPoolEndpoint: string;
  };
};

type AmplifyOutputs = Parameters<typeof Amplify.configure>[0];

export type ShoeboxOutputs = AmplifyOutputs & {
  custom?: CustomOutputs;
};

/** Error for a missing or unusable `amplify_outputs.json`. */
export class OutputsError extends Error {
  override name = 'OutputsError';
}

/**
 * Fetches `amplify_outputs.json` from the app's origin and checks that it
 * names the session API.
 */
export async function loadOutputs(
  url = '/amplify_outputs.json',
): Promise<ShoeboxOutputs> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) {
    throw new OutputsError(
      `${url} returned HTTP ${response.status}; run \`npm start\` for the ` +
        'local stack, or `npx ampx sandbox` for AWS, to write it.',
    );
  }

  const outputs = (await response.json()) as ShoeboxOutputs;
  if (!outputs.custom?.API?.[apiName]?.endpoint) {
    throw new OutputsError(
      `${url} has no custom.API.${apiName}.endpoint; regenerate it with ` +
        '`npm start` or `npx ampx generate outputs`.',
    );
  }

  return outputs;
}

/** Returns true when the local stack wrote the outputs. */
export function isLocalStack(outputs: ShoeboxOutputs): boolean {
  return outputs.custom?.local !== undefined;
}

/**
 * Configures Amplify with the outputs, then adds the REST APIs from
 * `custom.API` and, for the local stack, the local Cognito endpoint.
 */
export function configureAmplify(outputs: ShoeboxOutputs): void {
  Amplify.configure(outputs);
  const config = Amplify.getConfig();

  Amplify.configure({
    ...config,
    API: { ...config.API, REST: withoutTrailingSlashes(outputs.custom?.API) },
    Auth: withUserPoolEndpoint(
      config.Auth,
      outputs.custom?.local?.userPoolEndpoint,
    ),
  });
}

// API Gateway's stage URL ends in `/`, and Amplify appends the request path
// as it is, so `/session` would otherwise become `//session`.
function withoutTrailingSlashes(
  apis: Record<string, RestApiOutput> = {},
): Record<string, RestApiOutput> {
  return Object.fromEntries(
    Object.entries(apis).map(([name, api]) => [
      name,
      { ...api, endpoint: api.endpoint.replace(/\/+$/, '') },
    ]),
  );
}

function withUserPoolEndpoint(
  auth: ResourcesConfig['Auth'],
  userPoolEndpoint: string | undefined,
): ResourcesConfig['Auth'] {
  if (!userPoolEndpoint || !auth?.Cognito.userPoolId) {
    return auth;
  }

  // Amplify's config type is a strict union that a spread cannot narrow, so
  // the endpoint is set on a copy.
  const withEndpoint = structuredClone(auth);
  withEndpoint.Cognito.userPoolEndpoint = userPoolEndpoint;

  return withEndpoint;
}
