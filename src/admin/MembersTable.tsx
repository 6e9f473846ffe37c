import { useState } from 'react';
import type { AdminMember } from '../../amplify/core/api';
import { formatBytes } from '../../amplify/core/bytes';
import { formatUsd } from '../costs/formatUsd';
import { CapForm } from './CapForm';
import {
  sortMembers,
  type MemberSort,
  type MemberSortKey,
} from './sortMembers';
import type { AdminState } from './useAdmin';

const columns: { key: MemberSortKey; name: string }[] = [
  { key: 'email', name: 'Email' },
  { key: 'capBytes', name: 'Cap' },
  { key: 'usedBytes', name: 'Used' },
  { key: 'reservedBytes', name: 'In flight' },
  { key: 'fileCount', name: 'Files' },
  { key: 'percentOfCap', name: '% of cap' },
  { key: 'monthlyUsd', name: 'Monthly cost' },
  { key: 'lastUploadAt', name: 'Last upload' },
];

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/**
 * Renders every member with usage and cost, sortable by any column, with
 * a cap form and a button that disables or enables the member.
 */
export function MembersTable({
  members,
  admin,
}: {
  members: readonly AdminMember[];
  admin: AdminState;
}) {
  const [sort, setSort] = useState<MemberSort>({
    key: 'email',
    isAscending: true,
  });
  const sorted = sortMembers(members, sort);

  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[56rem] text-left text-sm">
        <caption className="sr-only">Members</caption>
        <thead>
          <tr className="border-b border-stone-200">
            {columns.map(({ key, name }) => (
              <th
                key={key}
                scope="col"
                aria-sort={ariaSort(sort, key)}
                className="py-1 pr-2"
              >
                <button
                  type="button"
                  onClick={() =>
                    setSort({
                      key,
                      isAscending: sort.key === key ? !sort.isAscending : true,
                    })
                  }
                  className="font-semibold hover:underline"
                >
                  {name}
                  <span aria-hidden="true">{sortArrow(sort, key)}</span>
                </button>
              </th>
            ))}
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((member) => (
            <MemberRow key={member.id} member={member} admin={admin} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MemberRow({
  member,
  admin,
}: {
  member: AdminMember;
  admin: AdminState;
}) {
  const isOverCap = member.usedBytes > member.capBytes;

  return (
    <tr
      aria-label={member.email}
      className={`border-b border-stone-100 align-top ${member.enabled ? '' : 'text-stone-400'}`}
    >
      <th scope="row" className="py-1 pr-2 font-medium">
        {member.email}
        {member.isAdmin && <span className="ml-1 text-xs">(admin)</span>}
        {!member.enabled && <span className="ml-1 text-xs">(disabled)</span>}
      </th>
      <td className="pr-2">
        {formatBytes(member.capBytes)}
        {!member.hasOwnCap && <span className="block text-xs">default</span>}
      </td>
      <td className="pr-2">{formatBytes(member.usedBytes)}</td>
      <td className="pr-2">{formatBytes(member.reservedBytes)}</td>
      <td className="pr-2">{member.fileCount}</td>
      <td className={`pr-2 ${isOverCap ? 'font-semibold text-red-700' : ''}`}>
        {member.percentOfCap.toFixed(1)}%
      </td>
      <td className="pr-2">{formatUsd(member.monthlyUsd)}</td>
      <td className="pr-2">
        {member.lastUploadAt
          ? dateFormat.format(new Date(member.lastUploadAt))
          : 'never'}
      </td>
      <td className="space-y-1 py-1">
        <CapForm
          key={member.capBytes}
          label={`Cap for ${member.email}`}
          initialBytes={member.capBytes}
          submitLabel="Set cap"
          isSaving={admin.isChangingMember}
          onSubmit={(capBytes) =>
            void admin.onUpdateMember(member.id, { capBytes })
          }
        />
        <span className="flex flex-wrap gap-1">
          {member.hasOwnCap && (
            <button
              type="button"
              disabled={admin.isChangingMember}
              onClick={() =>
                void admin.onUpdateMember(member.id, { capBytes: null })
              }
              className="rounded border border-stone-300 px-2 py-0.5 hover:bg-stone-100"
            >
              Use default cap
            </button>
          )}
          <button
            type="button"
            aria-label={`${member.enabled ? 'Disable' : 'Enable'} ${member.email}`}
            disabled={admin.isChangingMember}
            onClick={() =>
              void admin.onUpdateMember(member.id, {
                enabled: !member.enabled,
              })
            }
            className="rounded border border-stone-300 px-2 py-0.5 hover:bg-stone-100"
          >
            {member.enabled ? 'Disable' : 'Enable'}
          </button>
        </span>
      </td>
    </tr>
  );
}

function ariaSort(
  sort: MemberSort,
  key: MemberSortKey,
): 'ascending' | 'descending' | undefined {
  if (sort.key !== key) {
    return undefined;
  }

  return sort.isAscending ? 'ascending' : 'descending';
}

function sortArrow(sort: MemberSort, key: MemberSortKey): string {
  if (sort.key !== key) {
    return '';
  }

  return sort.isAscending ? ' ▲' : ' ▼';
}
