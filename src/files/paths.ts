/** Returns the last segment of a path, without a trailing `/`. */
export function baseName(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;

  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * Returns the ancestors of a folder prefix, outermost first, each with its
 * own prefix: `a/b/` gives `a/` and `a/b/`.
 */
export function folderTrail(
  prefix: string,
): { name: string; prefix: string }[] {
  const names = prefix.split('/').filter((name) => name !== '');

  return names.map((name, index) => ({
    name,
    prefix: `${names.slice(0, index + 1).join('/')}/`,
  }));
}
