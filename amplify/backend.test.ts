import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  synthesizeBackend,
  type SynthesizedBackend,
} from './backend/synthesize';
import { apiRoutes } from './core/routes';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Condition?: unknown;
};
type PolicyDocument = { Statement: Statement[] };
type LifecycleRule = { Id?: string } & Record<string, unknown>;

const appOrigins = ['https://photos.example.com', 'http://localhost:5173'];

function resourcesOfType(template: Template, type: string) {
  return Object.entries(template.findResources(type)) as [string, Resource][];
}

function onlyResource(template: Template, type: string): Resource {
  const resources = resourcesOfType(template, type);
  expect(resources).toHaveLength(1);

  return resources[0]![1];
}

function variablesOf(lambda: Resource): Record<string, unknown> {
  const environment = lambda.Properties.Environment as
    { Variables: Record<string, unknown> } | undefined;

  return environment?.Variables ?? {};
}

/** Finds the Lambda function whose Powertools service name is `service`. */
function functionWithService(
  template: Template,
  service: string,
): [string, Resource] {
  const matches = resourcesOfType(template, 'AWS::Lambda::Function').filter(
    ([, resource]) => variablesOf(resource).POWERTOOLS_SERVICE_NAME === service,
  );
  expect(matches).toHaveLength(1);

  return matches[0]!;
}

function actionsOf(statement: Statement): string[] {
  return typeof statement.Action === 'string'
    ? [statement.Action]
    : statement.Action;
}

/**
 * Collects every statement of the IAM policies, inline role policies and
 * bucket policies in `template`.
 */
function policyStatements(template: Template): Statement[] {
  const documents: PolicyDocument[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::S3::BucketPolicy']) {
    for (const [, policy] of resourcesOfType(template, type)) {
      documents.push(policy.Properties.PolicyDocument as PolicyDocument);
    }
  }
  for (const [, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
    const inline = (role.Properties.Policies ?? []) as {
      PolicyDocument: PolicyDocument;
    }[];
    documents.push(...inline.map((policy) => policy.PolicyDocument));
  }

  return documents.flatMap((document) => document.Statement);
}

/** Collects the S3 statements of the policies on a function's role. */
function s3StatementsOfFunction(
  template: Template,
  service: string,
): Statement[] {
  const [, lambda] = functionWithService(template, service);
  const role = lambda.Properties.Role as { 'Fn::GetAtt': [string, string] };
  const roleRef = JSON.stringify([{ Ref: role['Fn::GetAtt'][0] }]);

  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === roleRef)
    .flatMap(
      ([, policy]) =>
        (policy.Properties.PolicyDocument as PolicyDocument).Statement,
    )
    .filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('s3:')),
    );
}

/**
 * Renders an `Fn::Join` of strings and tokens as one string, with each
 * token written as `<token>`.
 */
function renderJoin(value: unknown): string {
  const join = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const [separator, parts] = join;

  return parts
    .map((part) => (typeof part === 'string' ? part : '<token>'))
    .join(separator);
}

describe('backend synthesised as a sandbox', () => {
  let backend: SynthesizedBackend;
  let auth: Template;
  let storage: Template;
  let functions: Template;
  let data: Template;
  let api: Template;

  beforeAll(async () => {
    backend = await synthesizeBackend('sandbox', {
      SHOEBOX_APP_ORIGINS: appOrigins.join(', '),
      SHOEBOX_POLICY_EXPIRY_SECONDS: '900',
      SHOEBOX_DEFAULT_CAP_BYTES: undefined,
      SHOEBOX_MAX_FILES_PER_REQUEST: undefined,
      SHOEBOX_LIST_PAGE_SIZE: undefined,
    });
    auth = backend.nestedStack('auth');
    storage = backend.nestedStack('storage');
    functions = backend.nestedStack('function');
    data = backend.nestedStack('data');
    api = backend.nestedStack('api');
  });

  afterAll(() => {
    backend?.cleanUp();
    vi.unstubAllEnvs();
  });

  it('creates one nested stack per part', () => {
    expect(Object.keys(backend.nested).sort()).toEqual([
      'api',
      'auth',
      'data',
      'function',
      'storage',
    ]);
  });

  it('user pool signs in by email', () => {
    auth.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
    });
  });

  it('user pool lets only admins create members', () => {
    auth.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('user pool has the admins group', () => {
    auth.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: 'admins',
    });
  });

  it('identity pool gives guests no credentials', () => {
    auth.hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: false,
    });
  });

  it('bucket blocks all public access', () => {
    storage.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('bucket CORS allows only the app origins', () => {
    const bucket = onlyResource(storage, 'AWS::S3::Bucket');
    const cors = bucket.Properties.CorsConfiguration as {
      CorsRules: Record<string, unknown>[];
    };

    expect(cors.CorsRules).toHaveLength(1);
    expect(cors.CorsRules[0]!.AllowedOrigins).toEqual(appOrigins);
  });

  it('bucket CORS allows uploads and exposes ETag', () => {
    storage.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
            AllowedHeaders: ['*'],
            ExposedHeaders: ['ETag', 'Location'],
            MaxAge: 3000,
          }),
        ],
      },
    });
  });

  it('bucket sends object events to events function', () => {
    const [eventsId] = functionWithService(storage, 'shoebox-events');
    const notifications = onlyResource(
      storage,
      'Custom::S3BucketNotifications',
    );
    const configuration = notifications.Properties
      .NotificationConfiguration as {
      LambdaFunctionConfigurations: {
        Events: string[];
        LambdaFunctionArn: unknown;
        Filter: { Key: { FilterRules: { Name: string; Value: string }[] } };
      }[];
    };
    const targets = configuration.LambdaFunctionConfigurations;
    const subscriptions = targets.flatMap((target) =>
      target.Events.map(
        (event) => `${target.Filter.Key.FilterRules[0]?.Value} ${event}`,
      ),
    );

    expect(subscriptions.sort()).toEqual([
      'trash/ s3:LifecycleExpiration:*',
      'trash/ s3:ObjectRemoved:*',
      'users/ s3:ObjectCreated:*',
      'users/ s3:ObjectRemoved:*',
    ]);
    for (const target of targets) {
      expect(target.LambdaFunctionArn).toEqual({
        'Fn::GetAtt': [eventsId, 'Arn'],
      });
    }
  });

  it('table is keyed by pk and sk strings', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
    });
  });

  it('table bills per request with point-in-time recovery', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('API is named ShoeboxApi', () => {
    api.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'ShoeboxApi',
    });
  });

  it('API proxies every route to the session function', () => {
    const paths = new Map<string, string>();
    const resources = resourcesOfType(api, 'AWS::ApiGateway::Resource');
    const pathOf = (id: string): string => {
      const known = paths.get(id);
      if (known !== undefined) {
        return known;
      }
      const resource = resources.find(([candidate]) => candidate === id)?.[1];
      const parent = resource?.Properties.ParentId as { Ref?: string };
      const parentPath = parent?.Ref === undefined ? '' : pathOf(parent.Ref);
      const path = `${parentPath}/${String(resource?.Properties.PathPart)}`;
      paths.set(id, path);
      return path;
    };
    const methods = resourcesOfType(api, 'AWS::ApiGateway::Method').filter(
      ([, method]) => method.Properties.HttpMethod !== 'OPTIONS',
    );

    const served = methods.map(([, method]) => {
      const resource = method.Properties.ResourceId as { Ref: string };
      return `${String(method.Properties.HttpMethod)} ${pathOf(resource.Ref)}`;
    });

    expect(served.sort()).toEqual(
      Object.entries(apiRoutes)
        .flatMap(([path, verbs]) => verbs.map((verb) => `${verb} ${path}`))
        .sort(),
    );
    for (const [, method] of methods) {
      expect(method.Properties.Integration).toMatchObject({
        Type: 'AWS_PROXY',
      });
    }
  });

  it('CORS preflight lists each resource methods', () => {
    const preflights = resourcesOfType(api, 'AWS::ApiGateway::Method').filter(
      ([, method]) => method.Properties.HttpMethod === 'OPTIONS',
    );
    const allowed = preflights.map(([, method]) => {
      const integration = method.Properties.Integration as {
        IntegrationResponses: {
          ResponseParameters: Record<string, string>;
        }[];
      };
      return integration.IntegrationResponses[0]?.ResponseParameters[
        'method.response.header.Access-Control-Allow-Methods'
      ];
    });

    expect(allowed).toContain("'GET,POST,DELETE'");
    expect(allowed).toContain("'PUT'");
    expect(preflights).toHaveLength(Object.keys(apiRoutes).length);
  });

  it('non-OPTIONS methods use Cognito authorizer', () => {
    const [authorizerId] = resourcesOfType(
      api,
      'AWS::ApiGateway::Authorizer',
    )[0]!;
    const methods = resourcesOfType(api, 'AWS::ApiGateway::Method').filter(
      ([, method]) => method.Properties.HttpMethod !== 'OPTIONS',
    );

    expect(methods.length).toBeGreaterThan(0);
    for (const [id, method] of methods) {
      expect(method.Properties.AuthorizationType, id).toBe(
        'COGNITO_USER_POOLS',
      );
      expect(method.Properties.AuthorizerId, id).toEqual({
        Ref: authorizerId,
      });
    }
  });

  it('authorizer reads Authorization header', () => {
    const authorizer = onlyResource(api, 'AWS::ApiGateway::Authorizer');

    expect(authorizer.Properties.Type).toBe('COGNITO_USER_POOLS');
    expect(authorizer.Properties.IdentitySource).toBe(
      'method.request.header.Authorization',
    );
  });

  it('methods ask for no OAuth scopes', () => {
    for (const [id, method] of resourcesOfType(
      api,
      'AWS::ApiGateway::Method',
    )) {
      expect(method.Properties.AuthorizationScopes, id).toBeUndefined();
    }
  });

  it('CORS preflight needs no token', () => {
    api.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      AuthorizationType: 'NONE',
      AuthorizerId: Match.absent(),
    });
  });

  describe.each([
    { name: 'session', stack: 'function' },
    { name: 'events', stack: 'storage' },
    { name: 'sweep', stack: 'function' },
  ])('$name function', ({ name, stack }) => {
    function environmentOf(): Record<string, unknown> {
      const template = backend.nestedStack(stack);
      const [, lambda] = functionWithService(template, `shoebox-${name}`);

      return variablesOf(lambda);
    }

    it('runs on Node.js 22', () => {
      const [, lambda] = functionWithService(
        backend.nestedStack(stack),
        `shoebox-${name}`,
      );

      expect(lambda.Properties.Runtime).toBe('nodejs22.x');
    });

    it('gets the table and bucket names', () => {
      const environment = environmentOf();

      expect(environment.SHOEBOX_TABLE_NAME).toBeDefined();
      expect(environment.SHOEBOX_BUCKET_NAME).toBeDefined();
    });

    it('gets only the limits that are set', () => {
      const environment = environmentOf();

      expect(environment.SHOEBOX_POLICY_EXPIRY_SECONDS).toBe('900');
      expect(environment).not.toHaveProperty('SHOEBOX_DEFAULT_CAP_BYTES');
      expect(environment).not.toHaveProperty('SHOEBOX_MAX_FILES_PER_REQUEST');
      expect(environment).not.toHaveProperty('SHOEBOX_LIST_PAGE_SIZE');
    });
  });

  it('session function gets the app origins', () => {
    const [, lambda] = functionWithService(functions, 'shoebox-session');

    expect(lambda.Properties.Environment).toMatchObject({
      Variables: { SHOEBOX_ALLOWED_ORIGINS: appOrigins.join(',') },
    });
  });

  it('no policy allows service-wide wildcards', () => {
    const broad = ['*', 's3:*', 'dynamodb:*'];

    for (const [stack, template] of Object.entries(backend.nested)) {
      const allowed = policyStatements(template)
        .filter((statement) => statement.Effect === 'Allow')
        .flatMap(actionsOf);

      expect(
        allowed.filter((action) => broad.includes(action)),
        stack,
      ).toEqual([]);
    }
  });

  it('session S3 access stays under its three prefixes', () => {
    const statements = s3StatementsOfFunction(functions, 'shoebox-session');
    const resources = statements
      .filter((statement) => !actionsOf(statement).includes('s3:ListBucket'))
      .flatMap((statement) =>
        Array.isArray(statement.Resource)
          ? statement.Resource
          : [statement.Resource],
      )
      .map(renderJoin);
    const listStatement = statements.find((statement) =>
      actionsOf(statement).includes('s3:ListBucket'),
    );

    expect([...new Set(statements.flatMap(actionsOf))].sort()).toEqual([
      's3:DeleteObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      's3:RestoreObject',
    ]);
    expect([...new Set(resources)].sort()).toEqual([
      '<token>/thumbs/*',
      '<token>/trash/*',
      '<token>/users/*',
    ]);
    expect(listStatement?.Condition).toEqual({
      StringLike: { 's3:prefix': ['users/*'] },
    });
  });

  it('session may restore only member files', () => {
    const statements = s3StatementsOfFunction(functions, 'shoebox-session');
    const restore = statements.find((statement) =>
      actionsOf(statement).includes('s3:RestoreObject'),
    );

    expect(renderJoin(restore?.Resource)).toBe('<token>/users/*');
  });

  it('session reaches the user pool for admin routes', () => {
    const [, session] = functionWithService(functions, 'shoebox-session');
    const cognitoActions = policyStatements(functions)
      .flatMap(actionsOf)
      .filter((action) => action.startsWith('cognito-idp:'));

    expect(variablesOf(session).SHOEBOX_USER_POOL_ID).toBeDefined();
    expect(cognitoActions.sort()).toEqual([
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminDisableUser',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:ListUsers',
      'cognito-idp:ListUsersInGroup',
    ]);
  });

  it('events S3 access reads files and deletes thumbnails', () => {
    const statements = s3StatementsOfFunction(storage, 'shoebox-events');
    const read = statements.find((statement) =>
      actionsOf(statement).includes('s3:GetObject'),
    );
    const remove = statements.find((statement) =>
      actionsOf(statement).includes('s3:DeleteObject'),
    );

    expect(statements.flatMap(actionsOf).sort()).toEqual([
      's3:DeleteObject',
      's3:GetObject',
    ]);
    expect(renderJoin(read?.Resource)).toBe('<token>/users/*');
    expect(renderJoin(remove?.Resource)).toBe('<token>/thumbs/*');
  });

  it('bucket expires trash after 30 days', () => {
    const bucket = onlyResource(storage, 'AWS::S3::Bucket');
    const rules = (
      bucket.Properties.LifecycleConfiguration as { Rules: LifecycleRule[] }
    ).Rules;

    expect(rules.find((rule) => rule.Id === 'expire-trash')).toEqual({
      Id: 'expire-trash',
      Status: 'Enabled',
      Prefix: 'trash/',
      ExpirationInDays: 30,
    });
  });

  it('bucket moves member files colder by age', () => {
    const bucket = onlyResource(storage, 'AWS::S3::Bucket');
    const rules = (
      bucket.Properties.LifecycleConfiguration as { Rules: LifecycleRule[] }
    ).Rules;

    expect(
      rules.find((rule) => rule.Id === 'move-member-files-to-colder-classes'),
    ).toEqual({
      Id: 'move-member-files-to-colder-classes',
      Status: 'Enabled',
      Prefix: 'users/',
      ObjectSizeGreaterThan: 131071,
      Transitions: [
        { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
        { StorageClass: 'GLACIER_IR', TransitionInDays: 180 },
      ],
    });
  });

  it('sweep runs every five minutes by default', () => {
    const [sweepId] = functionWithService(functions, 'shoebox-sweep');
    const rule = onlyResource(functions, 'AWS::Events::Rule');

    expect(rule.Properties.ScheduleExpression).toBe('rate(5 minutes)');
    expect(rule.Properties.State).toBe('ENABLED');
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({ Arn: { 'Fn::GetAtt': [sweepId, 'Arn'] } }),
    ]);
    functions.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [sweepId, 'Arn'] },
    });
  });

  it('sweep may write the table but not the bucket', () => {
    expect(s3StatementsOfFunction(functions, 'shoebox-sweep')).toEqual([]);
  });

  it('outputs the API under custom.API.ShoeboxApi', () => {
    const outputs = backend.root.findOutputs('customOutputs');
    const rendered = renderJoin(outputs.customOutputs?.Value);
    const custom = JSON.parse(rendered).custom;

    expect(custom.API.ShoeboxApi).toEqual({
      endpoint: 'https://<token>.execute-api.<token>.<token>/<token>/',
      region: '<token>',
      apiName: 'ShoeboxApi',
    });
  });
});
