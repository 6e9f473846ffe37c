import {
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  IdentitySource,
  LambdaIntegration,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/** Name under which the app finds the API in `custom.API`. */
export const apiName = 'ShoeboxApi';

export type SessionApiProps = {
  /** The session function, which serves every method. */
  handler: IFunction;
  /** Pool whose ID tokens the authorizer accepts. */
  userPool: IUserPool;
  /** Origins the CORS preflight allows. */
  appOrigins: string[];
};

/**
 * Creates the REST API with `GET /session`, `PUT /session` and
 * `POST /admin/recount`, each behind a
 * Cognito user-pool authorizer that reads the ID token from the
 * `Authorization` header. No OAuth scopes are set, because with scopes API
 * Gateway would accept only access tokens.
 */
export function createSessionApi(
  scope: Construct,
  props: SessionApiProps,
): RestApi {
  const authorizer = new CognitoUserPoolsAuthorizer(scope, 'Authorizer', {
    cognitoUserPools: [props.userPool],
    identitySource: IdentitySource.header('Authorization'),
  });

  const api = new RestApi(scope, apiName, {
    restApiName: apiName,
    description: 'Shoebox session API',
    // API Gateway's CloudWatch role is one setting for the whole account in
    // a region, so no single stack should own it.
    cloudWatchRole: false,
    defaultMethodOptions: {
      authorizationType: AuthorizationType.COGNITO,
      authorizer,
    },
  });

  // Preflight requests carry no token, so CDK creates the OPTIONS methods
  // without the default authorizer.
  const session = api.root.addResource('session', {
    defaultCorsPreflightOptions: {
      allowOrigins: props.appOrigins,
      allowMethods: ['GET', 'PUT'],
      allowHeaders: ['Authorization', 'Content-Type'],
    },
  });
  const integration = new LambdaIntegration(props.handler);
  session.addMethod('GET', integration);
  session.addMethod('PUT', integration);

  // The handler itself checks that the caller is in the admins group.
  const recount = api.root.addResource('admin').addResource('recount', {
    defaultCorsPreflightOptions: {
      allowOrigins: props.appOrigins,
      allowMethods: ['POST'],
      allowHeaders: ['Authorization', 'Content-Type'],
    },
  });
  recount.addMethod('POST', integration);

  // Errors raised by API Gateway itself, such as 401 for an expired token,
  // need a CORS header too, or the browser hides the status from the app.
  // They carry no member data, so any origin may read them.
  for (const type of [ResponseType.DEFAULT_4XX, ResponseType.DEFAULT_5XX]) {
    api.addGatewayResponse(type.responseType, {
      type,
      responseHeaders: { 'Access-Control-Allow-Origin': "'*'" },
    });
  }

  return api;
}
