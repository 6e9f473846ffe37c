/**
 * The household's own settings item (`pk HOUSEHOLD`, `sk SETTINGS`): the
 * default cap that an admin set, which overrides `SHOEBOX_DEFAULT_CAP_BYTES`.
 */

import {
  GetCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { optionalNumber } from './attributes';

const householdKey = { pk: 'HOUSEHOLD', sk: 'SETTINGS' };

/** Reads the default cap an admin set, or undefined if none was set. */
export async function readHouseholdDefaultCap(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
): Promise<number | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName, Key: householdKey }),
  );

  return optionalNumber(Item?.defaultCapBytes);
}

export async function writeHouseholdDefaultCap(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  defaultCapBytes: number,
): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName,
      Key: householdKey,
      UpdateExpression: 'SET defaultCapBytes = :cap',
      ExpressionAttributeValues: { ':cap': defaultCapBytes },
    }),
  );
}
