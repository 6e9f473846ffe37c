import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { vi } from 'vitest';

/** Amplify deployment types that change what the backend synthesises. */
export type DeploymentType = 'sandbox' | 'branch';

export type SynthesizedBackend = {
  /** Template of the root stack, which contains the outputs. */
  root: Template;
  /** Templates of the nested stacks, by name: auth, storage, api, ... */
  nested: Record<string, Template>;
  /** Returns the nested stack `name`, or throws when there is none. */
  nestedStack: (name: string) => Template;
  /** Deletes the cloud assembly directory, including bundled functions. */
  cleanUp: () => void;
};

/**
 * Synthesises `amplify/backend.ts` in this process, with no AWS account and
 * no `ampx` CLI, and returns the CloudFormation templates.
 *
 * `defineBackend` creates a CDK App, which reads its context from the
 * `CDK_CONTEXT_JSON` environment variable. Amplify takes the backend
 * identifier from three context keys that `ampx` would otherwise set. The
 * functions are bundled with the local esbuild.
 *
 * Amplify allows one `defineAuth` per process, so a test file can call this
 * once; vitest runs each test file in a process of its own. Call
 * `vi.unstubAllEnvs()` afterwards to restore the environment.
 */
export async function synthesizeBackend(
  type: DeploymentType,
  environment: Record<string, string | undefined> = {},
): Promise<SynthesizedBackend> {
  const outdir = mkdtempSync(join(tmpdir(), 'shoebox-synth-'));
  vi.stubEnv('CDK_OUTDIR', outdir);
  vi.stubEnv(
    'CDK_CONTEXT_JSON',
    JSON.stringify({
      'amplify-backend-namespace': 'shoebox',
      'amplify-backend-name': 'test',
      'amplify-backend-type': type,
    }),
  );
  for (const [name, value] of Object.entries(environment)) {
    vi.stubEnv(name, value);
  }

  // backend.ts defines the backend when it is evaluated, so it is imported
  // only after the environment is in place.
  const { backend } = await import('../backend');

  const nested: Record<string, Template> = {};
  for (const child of backend.stack.node.children) {
    if (child instanceof NestedStack) {
      nested[child.node.id] = Template.fromStack(child);
    }
  }

  const nestedStack = (name: string) => {
    const template = nested[name];
    if (!template) {
      const names = Object.keys(nested).join(', ');
      throw new Error(`No nested stack named "${name}"; found ${names}.`);
    }

    return template;
  };

  return {
    root: Template.fromStack(backend.stack),
    nested,
    nestedStack,
    cleanUp: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
