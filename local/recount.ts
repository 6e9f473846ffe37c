/**
 * `npm run recount`: recounts every member's used bytes and file count
 * from the running local stack's bucket, repairs its table and prints each
 * difference it fixed. It finds the endpoints in `amplify_outputs.json`,
 * so start the stack with `npm start` first.
 */

import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { recountAll, type RecountReport } from '../amplify/services/recount';
import { isLoopbackHost, readLocalConfig, resolveFromProject } from './config';

type LocalOutputs = {
  storage: { bucket_name: string };
  custom: { local: { s3Endpoint: string; dynamoDbEndpoint: string } };
};

export type RecountOptions = {
  /** Read for the table name, keys and outputs path; defaults to `process.env`. */
  environment?: Record<string, string | undefined>;
};

/**
 * Recounts the local stack whose outputs the environment names. Throws when
 * the outputs are missing or name an endpoint beyond loopback.
 */
export async function recountLocalStack(
  options: RecountOptions = {},
): Promise<RecountReport> {
  const config = readLocalConfig(options.environment ?? process.env);
  const outputsPath = resolveFromProject(config.outputsPath);
  const outputs = await readOutputs(outputsPath);
  const { s3Endpoint, dynamoDbEndpoint } = outputs.custom.local;
  for (const endpoint of [s3Endpoint, dynamoDbEndpoint]) {
    // URL keeps the brackets of an IPv6 host.
    const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
    if (!isLoopbackHost(host)) {
      throw new Error(
        `${outputsPath} names ${endpoint}, which is not on loopback; the ` +
          'recount script only repairs the local stack.',
      );
    }
  }

  const dynamoClient = new DynamoDBClient({
    endpoint: dynamoDbEndpoint,
    region: config.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const s3 = new S3Client({
    endpoint: s3Endpoint,
    region: config.region,
    forcePathStyle: true,
    credentials: {
      accessKeyId: config.s3AccessKeyId,
      secretAccessKey: config.s3SecretAccessKey,
    },
  });
  try {
    return await recountAll({
      dynamo: DynamoDBDocumentClient.from(dynamoClient),
      s3,
      tableName: config.tableName,
      bucketName: outputs.storage.bucket_name,
      now: Date.now,
    });
  } finally {
    dynamoClient.destroy();
    s3.destroy();
  }
}

async function readOutputs(file: string): Promise<LocalOutputs> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(
      `Cannot read ${file} (${String(error)}); start the local stack with ` +
        '`npm start`, or set SHOEBOX_OUTPUTS_PATH to its outputs.',
      { cause: error },
    );
  }

  const outputs = JSON.parse(text) as Partial<LocalOutputs>;
  if (!outputs.custom?.local || !outputs.storage?.bucket_name) {
    throw new Error(
      `${file} has no custom.local endpoints; it was not written by the ` +
        'local stack.',
    );
  }

  return outputs as LocalOutputs;
}

/** Formats the report as one line per fix and a closing summary. */
export function formatReport(report: RecountReport): string {
  const lines = [
    ...report.fileFixes.map(
      (fix) =>
        `${fix.memberId} ${JSON.stringify(fix.path)}: ` +
        `${fix.before ? `${fix.before.state} ${fix.before.size} B` : 'no file'}` +
        ` -> ${fix.after.state} ${fix.after.size} B`,
    ),
    ...report.counterFixes.map(
      (fix) => `${fix.memberId} ${fix.counter}: ${fix.before} -> ${fix.after}`,
    ),
    ...report.skippedMembers.map(
      (memberId) =>
        `${memberId}: skipped, its items kept changing; run the recount again`,
    ),
    `Checked ${report.checkedMembers} members and ` +
      `${report.checkedObjects} objects (${report.checkedBytes} bytes); ` +
      `fixed ${report.fileFixes.length} files and ` +
      `${report.counterFixes.length} counters.`,
  ];

  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(formatReport(await recountLocalStack()));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
