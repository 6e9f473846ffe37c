/** Settings that an admin changes at run time, stored in the table. */

import type { ResolvedDependencies } from '../../services/dependencies';
import { readHouseholdDefaultCap } from '../../services/household';

/**
 * Returns the dependencies with the default cap that an admin set, which
 * replaces `SHOEBOX_DEFAULT_CAP_BYTES` for every member without a cap of
 * their own. Costs one read per request.
 */
export async function withHouseholdSettings(
  dependencies: ResolvedDependencies,
): Promise<ResolvedDependencies> {
  const defaultCapBytes = await readHouseholdDefaultCap(
    dependencies.dynamo,
    dependencies.settings.tableName,
  );
  if (defaultCapBytes === undefined) {
    return dependencies;
  }

  return {
    ...dependencies,
    settings: { ...dependencies.settings, defaultCapBytes },
  };
}
