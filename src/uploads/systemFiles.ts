/**
 * Names that operating systems write into folders on their own: Finder's
 * `.DS_Store` and Windows Explorer's `Thumbs.db` and `desktop.ini`.
 * Windows names are case-insensitive, so they are compared in lower case.
 */
const systemFileNames = new Set(['.ds_store', 'thumbs.db', 'desktop.ini']);

/** Tells whether `path`'s last segment is a file an OS writes by itself. */
export function isSystemFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);

  return systemFileNames.has(name.toLowerCase());
}
