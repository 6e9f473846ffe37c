import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  synthesizeBackend,
  type SynthesizedBackend,
} from './backend/synthesize';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Condition?: unknown;
};
type PolicyDocument = { Statement: Statement[] };

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
      }[];
    };
    const targets = configuration.LambdaFunctionConfigurations;

    expect(targets.flatMap((target) => target.Events).sort()).toEqual([
      's3:ObjectCreated:*',
      's3:ObjectRemoved:*',
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

  it('API proxies /session and /admin/recount', () => {
    const methods = resourcesOfType(api, 'AWS::ApiGateway::Method').filter(
      ([, method]) => method.Properties.HttpMethod !== 'OPTIONS',
    );

    expect(
      methods.map(([, method]) => method.Properties.HttpMethod).sort(),
    ).toEqual(['GET', 'POST', 'PUT']);
    for (const [, method] of methods) {
      expect(method.Properties.Integration).toMatchObject({
        Type: 'AWS_PROXY',
      });
    }
    const pathParts = resourcesOfType(api, 'AWS::ApiGateway::Resource').map(
      ([, resource]) => resource.Properties.PathPart,
    );
    expect(pathParts.sort()).toEqual(['admin', 'recount', 'session']);
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

  it('session S3 access stays under users/', () => {
    const statements = s3StatementsOfFunction(functions, 'shoebox-session');
    const objectStatement = statements.find((statement) =>
      actionsOf(statement).includes('s3:PutObject'),
    );
    const listStatement = statements.find((statement) =>
      actionsOf(statement).includes('s3:ListBucket'),
    );

    expect(statements.flatMap(actionsOf).sort()).toEqual([
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
    expect(renderJoin(objectStatement?.Resource)).toBe('<token>/users/*');
    expect(listStatement?.Condition).toEqual({
      StringLike: { 's3:prefix': ['users/*'] },
    });
  });

  it('events S3 access is read-only', () => {
    const statements = s3StatementsOfFunction(storage, 'shoebox-events');

    expect(statements.flatMap(actionsOf)).toEqual(['s3:GetObject']);
    expect(renderJoin(statements[0]?.Resource)).toBe('<token>/users/*');
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
