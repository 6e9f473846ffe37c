import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { ThumbnailUpload } from '../../amplify/core/api';
import { server } from '../test/server';
import {
  canHaveThumbnail,
  fitWithin,
  requestThumbnail,
  sendThumbnail,
} from './thumbnails';

const target: ThumbnailUpload = {
  key: 'thumbs/member/upload-1',
  url: 'https://bucket.test/',
  fields: { key: 'thumbs/member/upload-1', 'Content-Type': 'image/jpeg' },
  maxBytes: 64 * 1024,
  contentTypes: ['image/jpeg'],
};

describe('requestThumbnail', () => {
  it('asks for a thumbnail for photos', () => {
    const request = { path: 'a.webp', size: 3, contentType: 'image/WebP' };

    expect(requestThumbnail(request)).toEqual({ ...request, thumbnail: true });
  });

  it('leaves other types alone', () => {
    const request = { path: 'a.heic', size: 3, contentType: 'image/heic' };

    expect(requestThumbnail(request)).toBe(request);
    expect(canHaveThumbnail('application/pdf')).toBe(false);
  });
});

describe('fitWithin', () => {
  it('scales the longer edge down to the limit', () => {
    expect(fitWithin(4000, 3000, 320)).toEqual({ width: 320, height: 240 });
    expect(fitWithin(1000, 4000, 320)).toEqual({ width: 80, height: 320 });
  });

  it('keeps small images and never reaches zero', () => {
    expect(fitWithin(100, 50, 320)).toEqual({ width: 100, height: 50 });
    expect(fitWithin(10000, 1, 320)).toEqual({ width: 320, height: 1 });
  });
});

describe('sendThumbnail', () => {
  it('posts the fields, then the file', async () => {
    let names: string[] = [];
    server.use(
      http.post(target.url, async ({ request }) => {
        const form = await request.formData();
        names = [...form.keys()];

        return new HttpResponse(null, { status: 204 });
      }),
    );

    const outcome = await sendThumbnail(target, new Blob(['photo']), {
      render: async () => new Blob(['thumb'], { type: 'image/jpeg' }),
    });

    expect(outcome).toEqual({ status: 'SENT', bytes: 5 });
    expect(names).toEqual(['key', 'Content-Type', 'file']);
  });

  it('skips a file the browser cannot decode', async () => {
    const outcome = await sendThumbnail(target, new Blob(['x']), {
      render: async () => {
        throw new Error('The source image could not be decoded.');
      },
    });

    expect(outcome).toEqual({
      status: 'SKIPPED',
      reason: 'not decodable: The source image could not be decoded.',
    });
  });

  it('skips a thumbnail that never fits the policy', async () => {
    const outcome = await sendThumbnail(target, new Blob(['x']), {
      render: async () => null,
    });

    expect(outcome.status).toBe('SKIPPED');
  });

  it('reports S3’s refusal as a failure', async () => {
    server.use(
      http.post(target.url, () => new HttpResponse(null, { status: 403 })),
    );

    const outcome = await sendThumbnail(target, new Blob(['x']), {
      render: async () => new Blob(['thumb']),
    });

    expect(outcome).toEqual({ status: 'FAILED', reason: 'S3 returned 403' });
  });
});
