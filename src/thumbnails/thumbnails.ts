/**
 * Thumbnails, made in the browser before upload: the browser already has
 * the file in memory and can decode it, while a resizer in the events function would
 * need an image library in the Lambda bundle and a second read of every
 * original. The grid then loads a few kilobytes per photo, not the photo.
 *
 * The upload queue in src/uploads makes two calls:
 * 1. `requestThumbnail(request)` on each `FileRequest` before
 *    `PUT /session`, which asks for a thumbnail policy for JPEG, PNG, WebP
 *    and GIF files.
 * 2. `sendThumbnail(upload.thumbnail, file)` once the original is posted,
 *    for each InitiatedUpload that carries a `thumbnail` target. A failed
 *    thumbnail is logged and leaves the original's upload as it is.
 */

import type { FileRequest, ThumbnailUpload } from '../../amplify/core/api';

/**
 * Longest edge in pixels: a grid tile is at most about 200 CSS pixels
 * wide, and 320 keeps it sharp on screens with two device pixels per CSS
 * pixel.
 */
export const thumbnailEdgePixels = 320;

/** JPEG qualities tried in turn until the thumbnail fits its policy. */
const jpegQualities = [0.8, 0.6, 0.4];

/** Types that every current browser decodes into a canvas. */
const sourceTypes = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
]);

/** True for the types that get a thumbnail: JPEG, PNG, WebP and GIF. */
export function canHaveThumbnail(contentType: string): boolean {
  return sourceTypes.has(contentType.toLowerCase());
}

/** Returns `request` asking for a thumbnail policy when its type has one. */
export function requestThumbnail(request: FileRequest): FileRequest {
  if (!canHaveThumbnail(request.contentType)) {
    return request;
  }

  return { ...request, thumbnail: true };
}

/**
 * Scales `width` x `height` down so the longer edge is at most `edge`,
 * keeping the aspect ratio; smaller images keep their size.
 */
export function fitWithin(
  width: number,
  height: number,
  edge: number = thumbnailEdgePixels,
): { width: number; height: number } {
  const scale = Math.min(1, edge / Math.max(width, height));

  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** Draws `file` into a JPEG no larger than `maxBytes`, or returns null. */
export type ThumbnailRenderer = (
  file: Blob,
  maxBytes: number,
) => Promise<Blob | null>;

/**
 * Renders a JPEG thumbnail with the browser's image decoder and an
 * OffscreenCanvas. Lowers the quality until it fits `maxBytes`, and
 * returns null when even the lowest quality does not.
 */
export const renderJpegThumbnail: ThumbnailRenderer = async (
  file,
  maxBytes,
) => {
  const bitmap = await createImageBitmap(file);
  try {
    const size = fitWithin(bitmap.width, bitmap.height);
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d');
    if (!context) {
      return null;
    }
    // JPEG has no transparency; white reads better than black behind it.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, size.width, size.height);
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    for (const quality of jpegQualities) {
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
      if (blob.size <= maxBytes) {
        return blob;
      }
    }

    return null;
  } finally {
    bitmap.close();
  }
};

export type ThumbnailOutcome =
  | { status: 'SENT'; bytes: number }
  | { status: 'SKIPPED'; reason: string }
  | { status: 'FAILED'; reason: string };

/**
 * Makes the thumbnail of `file` and posts it to its policy's target. A
 * thumbnail is optional, since the grid shows an icon without one, so
 * every failure comes back as an outcome rather than an exception.
 */
export async function sendThumbnail(
  target: ThumbnailUpload,
  file: Blob,
  {
    render = renderJpegThumbnail,
    signal,
  }: { render?: ThumbnailRenderer; signal?: AbortSignal } = {},
): Promise<ThumbnailOutcome> {
  let thumbnail: Blob | null;
  try {
    thumbnail = await render(file, target.maxBytes);
  } catch (error) {
    return { status: 'SKIPPED', reason: `not decodable: ${messageOf(error)}` };
  }
  if (!thumbnail) {
    return {
      status: 'SKIPPED',
      reason: `larger than ${target.maxBytes} bytes at every quality`,
    };
  }

  const form = new FormData();
  for (const [name, value] of Object.entries(target.fields)) {
    form.append(name, value);
  }
  // S3 reads every field before `file`, which must come last.
  form.append('file', thumbnail);
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      body: form,
      signal,
    });
    if (!response.ok) {
      return { status: 'FAILED', reason: `S3 returned ${response.status}` };
    }
  } catch (error) {
    return { status: 'FAILED', reason: messageOf(error) };
  }

  return { status: 'SENT', bytes: thumbnail.size };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
