import { Amplify } from 'aws-amplify';
import { http, HttpResponse } from 'msw';
import { afterAll, describe, expect, it } from 'vitest';
import { server } from '../test/server';
import {
  apiName,
  configureAmplify,
  isLocalStack,
  loadOutputs,
  OutputsError,
  type ShoeboxOutputs,
} from './outputs';

const outputsUrl = 'http://127.0.0.1:5173/amplify_outputs.json';

function makeOutputs(custom: ShoeboxOutputs['custom']): ShoeboxOutputs {
  return {
    version: '1.4',
    auth: {
      aws_region: 'eu-west-1',
      user_pool_id: 'eu-west-1_local',
      user_pool_client_id: 'client-1',
      username_attributes: ['email'],
    },
    custom,
  };
}

const api = {
  [apiName]: {
    endpoint: 'http://127.0.0.1:4010/',
    region: 'eu-west-1',
    apiName,
  },
};

describe('configureAmplify', () => {
  const previous = Amplify.getConfig();
  afterAll(() => {
    Amplify.configure(previous);
  });

  it('adds the REST API and the local user pool endpoint', () => {
    configureAmplify(
      makeOutputs({
        API: api,
        local: { userPoolEndpoint: 'http://127.0.0.1:9229' },
      }),
    );

    const config = Amplify.getConfig();
    expect(config.API?.REST?.[apiName]?.endpoint).toBe('http://127.0.0.1:4010');
    expect(config.Auth?.Cognito.userPoolId).toBe('eu-west-1_local');
    expect(config.Auth?.Cognito.userPoolEndpoint).toBe('http://127.0.0.1:9229');
  });

  it('leaves the Cognito endpoint alone outside the local stack', () => {
    configureAmplify(makeOutputs({ API: api }));

    const config = Amplify.getConfig();
    expect(config.API?.REST?.[apiName]).toBeDefined();
    expect(config.Auth?.Cognito.userPoolEndpoint).toBeUndefined();
  });
});

describe('isLocalStack', () => {
  it('is true only with custom.local', () => {
    const local = makeOutputs({
      API: api,
      local: { userPoolEndpoint: 'http://127.0.0.1:9229' },
    });

    expect(isLocalStack(local)).toBe(true);
    expect(isLocalStack(makeOutputs({ API: api }))).toBe(false);
  });
});

describe('loadOutputs', () => {
  it('returns outputs that name the session API', async () => {
    server.use(
      http.get(outputsUrl, () => HttpResponse.json(makeOutputs({ API: api }))),
    );

    const outputs = await loadOutputs(outputsUrl);

    expect(outputs.custom?.API?.[apiName]?.endpoint).toBe(
      'http://127.0.0.1:4010/',
    );
  });

  it('names the commands that write a missing file', async () => {
    server.use(
      http.get(outputsUrl, () => new HttpResponse(null, { status: 404 })),
    );

    const error = await loadOutputs(outputsUrl).catch((caught) => caught);

    expect(error).toBeInstanceOf(OutputsError);
    expect(error.message).toMatch(/HTTP 404.*npm start.*npx ampx sandbox/);
  });

  it('rejects outputs without the session API', async () => {
    server.use(http.get(outputsUrl, () => HttpResponse.json(makeOutputs({}))));

    const error = await loadOutputs(outputsUrl).catch((caught) => caught);

    expect(error).toBeInstanceOf(OutputsError);
    expect(error.message).toContain(`custom.API.${apiName}.endpoint`);
  });
});
