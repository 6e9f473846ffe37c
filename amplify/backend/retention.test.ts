import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { synthesizeBackend, type SynthesizedBackend } from './synthesize';

// Amplify deletes every resource of a sandbox, so retention shows only in
// a branch deployment.
describe('backend synthesised for a branch', () => {
  let backend: SynthesizedBackend;

  beforeAll(async () => {
    backend = await synthesizeBackend('branch', {
      SHOEBOX_APP_ORIGINS: undefined,
    });
  });

  afterAll(() => {
    backend?.cleanUp();
    vi.unstubAllEnvs();
  });

  it('keeps the table when the stack is deleted', () => {
    backend.nestedStack('data').hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('keeps the bucket when the stack is deleted', () => {
    backend.nestedStack('storage').hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('allows the default app origins when none are set', () => {
    backend.nestedStack('storage').hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173'],
          },
        ],
      },
    });
  });
});
