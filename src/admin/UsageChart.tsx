import type { AdminMember } from '../../amplify/core/api';
import { formatBytes } from '../../amplify/core/bytes';

/**
 * Draws one horizontal bar per member: used bytes against their cap, each
 * member on their own scale, so a 5 MiB cap and a 10 GiB cap both read as
 * "how full". A bar past the cap turns red.
 */
export function UsageChart({ members }: { members: readonly AdminMember[] }) {
  return (
    <figure className="space-y-2">
      <figcaption className="font-medium">Used against cap</figcaption>
      <ul className="space-y-2 text-sm">
        {members.map((member) => {
          const percent = Math.min(100, member.percentOfCap);
          const isOver = member.usedBytes > member.capBytes;
          const text = `${formatBytes(member.usedBytes)} of ${formatBytes(member.capBytes)}`;

          return (
            <li key={member.id}>
              <span className="flex justify-between gap-2">
                <span className="truncate">{member.email}</span>
                <span className={isOver ? 'text-red-700' : 'text-stone-600'}>
                  {text}
                </span>
              </span>
              <span
                role="img"
                aria-label={`${member.email}: ${text}, ${member.percentOfCap.toFixed(1)}% of cap`}
                className="block h-3 overflow-hidden rounded bg-stone-200"
              >
                <span
                  className={`block h-full ${isOver ? 'bg-red-600' : 'bg-amber-600'}`}
                  style={{ width: `${percent}%` }}
                />
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
