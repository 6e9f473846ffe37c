import type { StoredFile } from '../../amplify/core/api';

/** Types that browsers draw and the upload flow makes thumbnails of. */
const photoTypes = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
]);

const photoExtensions = /\.(jpe?g|png|webp|gif)$/i;

/** True for JPEG, PNG, WebP and GIF files, by type or else by name. */
export function isPhoto(file: StoredFile): boolean {
  if (file.contentType) {
    return photoTypes.has(file.contentType.toLowerCase());
  }

  return photoExtensions.test(file.path);
}

/** True when the bytes can be read now: stored, and not in Deep Archive. */
export function isReadable(file: StoredFile): boolean {
  if (file.state !== 'COMPLETE') {
    return false;
  }

  return file.archive === undefined || file.archive.state === 'RESTORED';
}
