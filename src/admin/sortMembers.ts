import type { AdminMember } from '../../amplify/core/api';

export type MemberSortKey =
  | 'email'
  | 'capBytes'
  | 'usedBytes'
  | 'reservedBytes'
  | 'fileCount'
  | 'percentOfCap'
  | 'monthlyUsd'
  | 'lastUploadAt';

export type MemberSort = { key: MemberSortKey; isAscending: boolean };

/** Sorts members by one column; ties and missing values fall back to email. */
export function sortMembers(
  members: readonly AdminMember[],
  { key, isAscending }: MemberSort,
): AdminMember[] {
  const sign = isAscending ? 1 : -1;

  return [...members].sort((a, b) => {
    const byEmail = a.email.localeCompare(b.email);
    if (key === 'email') {
      return sign * byEmail;
    }
    if (key === 'lastUploadAt') {
      const left = a.lastUploadAt ? Date.parse(a.lastUploadAt) : 0;
      const right = b.lastUploadAt ? Date.parse(b.lastUploadAt) : 0;

      return sign * (left - right) || byEmail;
    }

    return sign * (a[key] - b[key]) || byEmail;
  });
}
