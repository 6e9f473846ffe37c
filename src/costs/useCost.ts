import { useQuery } from '@tanstack/react-query';
import type {
  CostResponse,
  StorageClassOption,
  UploadStorageClass,
} from '../../amplify/core/api';
import { useSessionApi } from '../api/SessionApiContext';
import { useMember } from '../auth/MemberContext';
import { memberKeys } from '../files/queries';

/**
 * Reads the member's estimated monthly cost and the storage classes an
 * upload may choose, with their prices: `GET /session/cost`.
 */
export function useCost(): {
  cost: CostResponse | undefined;
  isPending: boolean;
  error: Error | null;
} {
  const api = useSessionApi();
  const { sub } = useMember();
  const query = useQuery({
    queryKey: memberKeys.cost(sub),
    queryFn: () => api.readCost(),
  });

  return { cost: query.data, isPending: query.isPending, error: query.error };
}

/** Returns the prices of one class once `GET /session/cost` has loaded. */
export function useStorageClassOption(
  storageClass: UploadStorageClass,
): StorageClassOption | undefined {
  const { cost } = useCost();

  return cost?.storageClasses.find(
    (option) => option.storageClass === storageClass,
  );
}
