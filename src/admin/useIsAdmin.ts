import { useQuery } from '@tanstack/react-query';
import { useSessionApi } from '../api/SessionApiContext';
import { useMember } from '../auth/MemberContext';

/** The Cognito group whose members see the admin page. */
export const adminGroup = 'admins';

/** True when the signed-in member's ID token lists the `admins` group. */
export function useIsAdmin(): boolean {
  const api = useSessionApi();
  const { sub } = useMember();
  const query = useQuery({
    queryKey: ['groups', sub],
    queryFn: () => api.readMemberGroups(),
    staleTime: Infinity,
  });

  return query.data?.includes(adminGroup) ?? false;
}
