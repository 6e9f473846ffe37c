import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/**
 * Creates the single table that stores members, uploads and files, keyed by
 * the string attributes `pk` and `sk`.
 *
 * The table is retained when its stack is deleted, because it is the only
 * record of each member's cap and usage. Amplify sandboxes override this
 * and delete every resource with the sandbox.
 */
export function createTable(scope: Construct): Table {
  return new Table(scope, 'Table', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    sortKey: { name: 'sk', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
