import { useState } from 'react';
import { MemberProvider, type Member } from '../auth/MemberContext';
import type { AppSettings } from '../config/settings';
import { FileBrowser } from '../files/FileBrowser';
import { DropZone } from '../uploads/DropZone';
import { UploadList } from '../uploads/UploadList';
import { UploadQueueProvider } from '../uploads/UploadQueueContext';
import { Header } from './Header';

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
  const [folder, setFolder] = useState('');

  return (
    <MemberProvider member={member}>
      <UploadQueueProvider settings={settings}>
        <div className="min-h-screen bg-stone-50 text-stone-900">
          <Header onSignOut={onSignOut} />
          <main className="mx-auto max-w-3xl space-y-4 p-4">
            <DropZone folder={folder} />
            <UploadList />
            <FileBrowser folder={folder} onOpenFolder={setFolder} />
          </main>
        </div>
      </UploadQueueProvider>
    </MemberProvider>
  );
}
