import type { FileRequest } from '../../amplify/core/api';

/**
 * Returns the file's path relative to what the member dropped or picked:
 * `Holiday 2024/IMG 0001.jpg` for a file inside a dropped folder, else its
 * name. react-dropzone's file-selector (4.1) sets `relativePath` to `./name`
 * for a single file and to `/folder/name` for a file from a dropped folder.
 * A folder picker sets `webkitRelativePath` to `folder/name`.
 */
export function relativePathOf(file: File): string {
  const candidates = [
    'relativePath' in file ? file.relativePath : undefined,
    file.webkitRelativePath,
  ];

  for (const candidate of candidates) {
    if (typeof candidate === 'string') {
      const path = candidate.replace(/^\.?\/+/, '');
      if (path !== '') {
        return path;
      }
    }
  }

  return file.name;
}

/** Describes `file` for `PUT /session`, placed under `folder`. */
export function toFileRequest(file: File, folder: string): FileRequest {
  return {
    path: folder + relativePathOf(file),
    size: file.size,
    contentType: file.type || 'application/octet-stream',
  };
}

/** Returns the folder part of a path with its trailing `/`, or `''`. */
export function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}
