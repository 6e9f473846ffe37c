import { formatBytes } from '../../amplify/core/bytes';
import { storageClassNames } from '../costs/storageClassNames';
import { formatUsd } from '../costs/formatUsd';
import { CapForm } from './CapForm';
import { InviteForm } from './InviteForm';
import { MembersTable } from './MembersTable';
import { SavingsChart } from './SavingsChart';
import { useAdmin, type AdminState } from './useAdmin';
import { UsageChart } from './UsageChart';

const panel = 'space-y-3 rounded-lg bg-white p-4 shadow-sm';

/**
 * Renders the admin page: members with usage, caps and cost, the default
 * cap, invites, and the household's monthly cost with the lifecycle
 * savings.
 * The app shows it to members of `admins` only, and the API returns 403
 * to anyone else.
 */
export default function AdminPage() {
  const admin = useAdmin();

  return (
    <div className="space-y-4">
      <section className={panel} aria-labelledby="admin-members">
        <h2 id="admin-members" className="font-semibold">
          Members
        </h2>
        <p className="text-sm text-stone-700">
          A cap below what a member already stores blocks their new uploads but
          deletes nothing.
        </p>
        <MemberChangeMessages admin={admin} />
        {admin.membersError && (
          <p role="alert" className="text-sm text-red-700">
            Members could not be listed: {admin.membersError.message}
          </p>
        )}
        {!admin.members && !admin.membersError && (
          <p className="text-sm text-stone-600">Loading members…</p>
        )}
        {admin.members && (
          <>
            <MembersTable members={admin.members} admin={admin} />
            <UsageChart members={admin.members} />
          </>
        )}
      </section>
      <section className={`${panel} grid gap-4 sm:grid-cols-2`}>
        <div className="space-y-1 text-sm">
          <h2 className="font-semibold">Default cap</h2>
          <p>Members without a cap of their own, new members too, get this.</p>
          {admin.defaultCapBytes !== undefined && (
            <CapForm
              key={admin.defaultCapBytes}
              label="Default cap"
              initialBytes={admin.defaultCapBytes}
              submitLabel="Set default cap"
              isSaving={admin.isSavingDefaultCap}
              onSubmit={(bytes) =>
                void admin.onDefaultCap(bytes).catch(() => {})
              }
            />
          )}
          {admin.defaultCapError && (
            <p role="alert" className="text-red-700">
              The default cap could not be set: {admin.defaultCapError.message}
            </p>
          )}
        </div>
        <InviteForm admin={admin} />
      </section>
      <HouseholdCost admin={admin} />
    </div>
  );
}

function MemberChangeMessages({ admin }: { admin: AdminState }) {
  const change = admin.memberChange;

  return (
    <div role="status" className="space-y-1 text-sm">
      {change && (
        <p>
          {change.member.email}: cap {formatBytes(change.member.capBytes)},{' '}
          {change.member.enabled ? 'enabled' : 'disabled'}.
        </p>
      )}
      {change?.warning && (
        <p className="font-medium text-red-800">{change.warning}</p>
      )}
      {admin.memberChangeError && (
        <p className="text-red-700">
          The member could not be changed: {admin.memberChangeError.message}
        </p>
      )}
    </div>
  );
}

function HouseholdCost({ admin }: { admin: AdminState }) {
  const cost = admin.householdCost;

  return (
    <section className={panel} aria-labelledby="admin-cost">
      <h2 id="admin-cost" className="font-semibold">
        Household cost
      </h2>
      {admin.costError && (
        <p role="alert" className="text-sm text-red-700">
          The cost could not be estimated: {admin.costError.message}
        </p>
      )}
      {cost && (
        <>
          <p className="text-sm">
            About{' '}
            <strong aria-label="Household monthly cost">
              {formatUsd(cost.household.monthlyUsd)}
            </strong>{' '}
            a month, from {cost.prices.region} list prices of{' '}
            {cost.prices.takenOn}
            {cost.prices.isOverridden ? ', some set by the household' : ''}.
          </p>
          <div className="grid gap-4 text-sm sm:grid-cols-2">
            <table className="text-left">
              <caption className="text-left font-medium">By class</caption>
              <tbody>
                {cost.household.byClass.map((row) => (
                  <tr key={row.storageClass}>
                    <th scope="row" className="pr-2 font-normal">
                      {storageClassNames[row.storageClass]}
                    </th>
                    <td className="pr-2">{formatBytes(row.bytes)}</td>
                    <td>{formatUsd(row.monthlyUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="text-left">
              <caption className="text-left font-medium">By member</caption>
              <tbody>
                {cost.members.map((member) => (
                  <tr key={member.id}>
                    <th scope="row" className="pr-2 font-normal">
                      {member.email}
                    </th>
                    <td>{formatUsd(member.monthlyUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <SavingsChart savings={cost.savings} />
        </>
      )}
    </section>
  );
}
