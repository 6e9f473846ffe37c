/**
 * Thumbnail keys. A thumbnail lives at `thumbs/<sub>/<upload id>`, outside
 * `users/`, so the events function never counts it toward usage.
 */

export const thumbnailsFolder = 'thumbs/';

/** Originals that browsers can decode into a canvas to draw a thumbnail. */
const thumbnailSourceTypes = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
]);

export function thumbnailKey(memberId: string, uploadId: string): string {
  return `${thumbnailsFolder}${memberId}/${uploadId}`;
}

export function canHaveThumbnail(contentType: string): boolean {
  return thumbnailSourceTypes.has(contentType.toLowerCase());
}
