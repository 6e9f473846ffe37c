/**
 * Resources and methods of the REST API. The backend creates these in API
 * Gateway, the local API serves the same, and the session handler routes
 * them. A path part in braces, such as `{id}`, matches one segment.
 */
export const apiRoutes: Readonly<Record<string, readonly string[]>> = {
  '/session': ['GET', 'PUT'],
  '/session/download': ['GET'],
  '/session/trash': ['GET', 'POST', 'DELETE'],
  '/session/trash/restore': ['POST'],
  '/session/archive-restore': ['POST'],
  '/session/cost': ['GET'],
  '/admin/recount': ['POST'],
  '/admin/users': ['GET', 'POST'],
  '/admin/users/{id}': ['PUT'],
  '/admin/settings': ['GET', 'PUT'],
  '/admin/cost': ['GET'],
};

/**
 * Finds the resource that serves a request path, as API Gateway does, and
 * the values of its `{name}` parts. Returns undefined when none matches.
 */
export function matchRoute(
  path: string,
): { resource: string; parameters: Record<string, string> } | undefined {
  const segments = path.split('/').filter((segment) => segment !== '');
  for (const resource of Object.keys(apiRoutes)) {
    const parts = resource.split('/').filter((part) => part !== '');
    if (parts.length !== segments.length) {
      continue;
    }

    const parameters: Record<string, string> = {};
    const matches = parts.every((part, index) => {
      const segment = segments[index] ?? '';
      if (part.startsWith('{') && part.endsWith('}')) {
        parameters[part.slice(1, -1)] = decodeURIComponent(segment);
        return true;
      }
      return part === segment;
    });
    if (matches) {
      return { resource, parameters };
    }
  }

  return undefined;
}
