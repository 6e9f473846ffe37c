import { useMember } from '../auth/MemberContext';
import { StorageMeter } from '../quota/StorageMeter';

/** Renders the member's email, a sign-out button and the storage meter. */
export function Header({ onSignOut }: { onSignOut: () => void }) {
  const { email } = useMember();

  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 p-4">
        <div className="flex min-w-0 items-center gap-3">
          <h1 className="text-lg font-bold text-amber-800">Shoebox</h1>
          <span className="truncate text-sm text-stone-600">{email}</span>
          <button
            type="button"
            onClick={onSignOut}
            className="shrink-0 rounded border border-stone-300 px-2 py-1 text-sm hover:bg-stone-100"
          >
            Sign out
          </button>
        </div>
        <StorageMeter />
      </div>
    </header>
  );
}
