import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useMember } from '../auth/MemberContext';
import { memberKeys } from '../files/queries';
import { useQuota } from '../quota/useQuota';
import { useCost } from './useCost';

/**
 * Reads the member's cost like useCost, and refetches it whenever the
 * meter's used bytes change, so the estimate follows uploads that land and
 * removals that S3 reports.
 */
export function useCostFollowingQuota() {
  const { sub } = useMember();
  const queryClient = useQueryClient();
  const { quota } = useQuota();
  const usedBytes = quota?.usedBytes;
  const counted = useRef(usedBytes);

  useEffect(() => {
    if (usedBytes === undefined || usedBytes === counted.current) {
      return;
    }
    const isFirstReading = counted.current === undefined;
    counted.current = usedBytes;
    if (!isFirstReading) {
      void queryClient.invalidateQueries({ queryKey: memberKeys.cost(sub) });
    }
  }, [usedBytes, queryClient, sub]);

  return useCost();
}
