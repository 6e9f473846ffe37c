import {
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  IdentitySource,
  LambdaIntegration,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IResource } from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

import { apiRoutes } from '../core/routes';

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
 * Creates the REST API with the routes of `apiRoutes`, each behind a
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
  // without the default authorizer. The handler itself checks the admins
  // group on the /admin routes.
  const integration = new LambdaIntegration(props.handler);
  for (const [path, methods] of Object.entries(apiRoutes)) {
    const resource = resourceFor(api.root, path, props.appOrigins);
    for (const method of methods) {
      resource.addMethod(method, integration);
    }
  }

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

/**
 * Returns the resource at `path`, creating missing parts. A resource that
 * serves methods gets a CORS preflight for exactly those. A part between,
 * such as `/admin`, gets its parent's preflight, which CDK copies to
 * children, so none is set on the root's children without methods.
 */
function resourceFor(
  root: IResource,
  path: string,
  appOrigins: string[],
): IResource {
  let resource = root;
  let partial = '';
  for (const part of path.split('/').filter((segment) => segment !== '')) {
    partial += `/${part}`;
    const methods = apiRoutes[partial];
    resource =
      resource.getResource(part) ??
      resource.addResource(part, {
        defaultCorsPreflightOptions:
          methods === undefined
            ? undefined
            : {
                allowOrigins: appOrigins,
                allowMethods: [...methods],
                allowHeaders: ['Authorization', 'Content-Type'],
              },
      });
  }

  return resource;
}
