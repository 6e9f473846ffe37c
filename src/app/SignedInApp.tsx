import { lazy, Suspense, useState } from 'react';
import { useIsAdmin } from '../admin/useIsAdmin';
import { MemberProvider, type Member } from '../auth/MemberContext';
import type { AppSettings } from '../config/settings';
import { StorageClassPicker } from '../costs/StorageClassPicker';
import { UploadClassProvider } from '../costs/UploadClassContext';
import { FileBrowser } from '../files/FileBrowser';
import { TrashView } from '../trash/TrashView';
import { DropZone } from '../uploads/DropZone';
import { UploadList } from '../uploads/UploadList';
import { UploadQueueProvider } from '../uploads/UploadQueueContext';
import { Header, type Page } from './Header';

const AdminPage = lazy(() => import('../admin/AdminPage'));

/**
 * Renders the app for a signed-in member. Give it a new `key` for another
 * member, because the upload queue belongs to one member.
 */
export function SignedInApp({
  member,
  settings,
  onSignOut,
}: {
  member: Member;
  settings: AppSettings;
  onSignOut: () => void;
}) {
  return (
    <MemberProvider member={member}>
      <UploadClassProvider>
        <UploadQueueProvider settings={settings}>
          <SignedInPages onSignOut={onSignOut} />
        </UploadQueueProvider>
      </UploadClassProvider>
    </MemberProvider>
  );
}

function SignedInPages({ onSignOut }: { onSignOut: () => void }) {
  const [folder, setFolder] = useState('');
  const [page, setPage] = useState<Page>('library');
  const isAdmin = useIsAdmin();
  const shownPage = page === 'admin' && !isAdmin ? 'library' : page;

  return (
    <div className="min-h-screen bg-stone-50 text-stone-900">
      <Header
        page={shownPage}
        isAdmin={isAdmin}
        onPage={setPage}
        onSignOut={onSignOut}
      />
      <main className="mx-auto max-w-5xl space-y-4 p-4">
        {shownPage === 'library' && (
          <>
            <DropZone folder={folder} />
            <StorageClassPicker />
            <UploadList />
            <FileBrowser folder={folder} onOpenFolder={setFolder} />
          </>
        )}
        {shownPage === 'trash' && <TrashView />}
        {shownPage === 'admin' && (
          <Suspense
            fallback={<p className="text-sm text-stone-600">Loading…</p>}
          >
            <AdminPage />
          </Suspense>
        )}
      </main>
    </div>
  );
}
