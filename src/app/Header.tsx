import { useMember } from '../auth/MemberContext';
import { CostSummary } from '../costs/CostSummary';
import { StorageMeter } from '../quota/StorageMeter';

export type Page = 'library' | 'trash' | 'admin';

const pageNames: Record<Page, string> = {
  library: 'Library',
  trash: 'Trash',
  admin: 'Admin',
};

/**
 * Renders the member's email, a sign-out button, the pages the member may
 * open, and the storage meter with the monthly cost beside it.
 */
export function Header({
  page,
  isAdmin,
  onPage,
  onSignOut,
}: {
  page: Page;
  isAdmin: boolean;
  onPage: (page: Page) => void;
  onSignOut: () => void;
}) {
  const { email } = useMember();
  const pages: Page[] = isAdmin
    ? ['library', 'trash', 'admin']
    : ['library', 'trash'];

  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-start justify-between gap-3 p-4">
        <div className="flex min-w-0 flex-col gap-2">
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
          <nav aria-label="Pages">
            <ul className="flex gap-1 text-sm">
              {pages.map((name) => (
                <li key={name}>
                  <button
                    type="button"
                    aria-current={page === name ? 'page' : undefined}
                    onClick={() => onPage(name)}
                    className="rounded px-2 py-1 hover:bg-stone-100 aria-[current=page]:bg-amber-100 aria-[current=page]:font-semibold"
                  >
                    {pageNames[name]}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        </div>
        <div className="flex w-full flex-col gap-2 sm:w-auto sm:flex-row sm:items-start">
          <StorageMeter />
          <CostSummary />
        </div>
      </div>
    </header>
  );
}
