import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AdminInviteRequest,
  AdminUserUpdate,
} from '../../amplify/core/api';
import { useSessionApi } from '../api/SessionApiContext';
import { useMember } from '../auth/MemberContext';
import { memberKeys, sessionKeys } from '../files/queries';

/**
 * Loads the members, the default cap and the household's cost for the
 * admin page, and changes members and the default cap. Every change
 * refetches the admin queries and the admin's own listings, since an
 * admin may change their own cap.
 */
export function useAdmin() {
  const api = useSessionApi();
  const { sub } = useMember();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: memberKeys.admin(sub) }),
      queryClient.invalidateQueries({ queryKey: sessionKeys.member(sub) }),
    ]);

  const members = useQuery({
    queryKey: memberKeys.adminMembers(sub),
    queryFn: () => api.listMembers(),
  });
  const householdCost = useQuery({
    queryKey: memberKeys.adminCost(sub),
    queryFn: () => api.readHouseholdCost(),
  });

  const updateMember = useMutation({
    mutationFn: ({ id, update }: { id: string; update: AdminUserUpdate }) =>
      api.updateMember(id, update),
    onSettled: refresh,
  });
  const invite = useMutation({
    mutationFn: (request: AdminInviteRequest) => api.inviteMember(request),
    onSettled: refresh,
  });
  const updateDefaultCap = useMutation({
    mutationFn: (defaultCapBytes: number) =>
      api.updateSettings({ defaultCapBytes }),
    onSettled: refresh,
  });

  return {
    members: members.data?.members,
    defaultCapBytes: members.data?.defaultCapBytes,
    membersError: members.error,
    householdCost: householdCost.data,
    costError: householdCost.error,
    memberChange: updateMember.data,
    memberChangeError: updateMember.error,
    isChangingMember: updateMember.isPending,
    onUpdateMember: (id: string, update: AdminUserUpdate) =>
      updateMember.mutateAsync({ id, update }),
    invited: invite.data,
    inviteError: invite.error,
    isInviting: invite.isPending,
    onInvite: (request: AdminInviteRequest) => invite.mutateAsync(request),
    defaultCapError: updateDefaultCap.error,
    isSavingDefaultCap: updateDefaultCap.isPending,
    onDefaultCap: (bytes: number) => updateDefaultCap.mutateAsync(bytes),
  };
}

export type AdminState = ReturnType<typeof useAdmin>;
