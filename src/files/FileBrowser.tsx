import { useCallback, useState } from 'react';
import type { StoredFile } from '../../amplify/core/api';
import { useStorageClassOption } from '../costs/useCost';
import { Breadcrumbs } from './Breadcrumbs';
import { DeleteDialog } from './DeleteDialog';
import { FileGrid } from './FileGrid';
import { FileList } from './FileList';
import { LibraryProvider, type LibraryActions } from './LibraryContext';
import { LibraryToolbar } from './LibraryToolbar';
import { PhotoPreview } from './PhotoPreview';
import { useFileActions, type DeleteOutcome } from './useFileActions';
import { useFileList } from './useFileList';
import { useLibraryView } from './useLibraryView';
import { usePhotoPreview } from './usePhotoPreview';
import { useSelection } from './useSelection';

/**
 * Renders the member's files and folders in `folder`, with a path back up,
 * a filter, sorting, list and grid views, a photo preview, downloads and
 * deletes.
 */
export function FileBrowser({
  folder,
  onOpenFolder,
}: {
  folder: string;
  onOpenFolder: (prefix: string) => void;
}) {
  const list = useFileList(folder);
  const view = useLibraryView(list.folders, list.files);
  const selection = useSelection(folder);
  const fileActions = useFileActions();
  const preview = usePhotoPreview(view.files);
  const deepArchive = useStorageClassOption('DEEP_ARCHIVE');
  const [toDelete, setToDelete] = useState<readonly StoredFile[] | null>(null);
  const isEmpty = list.files.length === 0 && list.folders.length === 0;
  const shownCount = view.files.length + view.folders.length;
  const { hasNextPage, isFetchingNextPage, onLoadMore } = list;
  const onReachEnd = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) {
      onLoadMore();
    }
  }, [hasNextPage, isFetchingNextPage, onLoadMore]);

  const actions: LibraryActions = {
    isSelected: selection.isSelected,
    onToggle: selection.onToggle,
    onOpenFolder: (name) => onOpenFolder(folder + name),
    canPreview: preview.canPreview,
    onPreview: preview.onOpen,
    onDownload: fileActions.onDownload,
    onAskDelete: setToDelete,
    onRestoreArchive: fileActions.onRestoreArchive,
    deepArchiveRestoreHours: deepArchive?.restoreHours,
  };

  const onConfirmDelete = async () => {
    if (!toDelete) {
      return;
    }
    try {
      await fileActions.onDelete(toDelete);
      selection.onClear();
    } catch {
      // useFileActions keeps the error, which the alert above shows.
    } finally {
      setToDelete(null);
    }
  };

  return (
    <LibraryProvider actions={actions}>
      <section className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
        <h2 className="font-semibold">Files</h2>
        <Breadcrumbs folder={folder} onOpenFolder={onOpenFolder} />
        <LibraryToolbar
          view={view}
          selectedCount={selection.selectedCount}
          onSelectAll={() =>
            selection.onSelectAll(view.files.map(({ path }) => path))
          }
          onClearSelection={selection.onClear}
          onDeleteSelected={() =>
            setToDelete(
              list.files.filter(({ path }) => selection.isSelected(path)),
            )
          }
        />
        {list.error && (
          <p role="alert" className="text-sm text-red-700">
            Files could not be listed: {list.error.message}
          </p>
        )}
        {fileActions.actionError && (
          <p role="alert" className="text-sm text-red-700">
            {fileActions.actionError}
          </p>
        )}
        {fileActions.deleteError && (
          <p role="alert" className="text-sm text-red-700">
            The files could not be deleted: {fileActions.deleteError.message}
          </p>
        )}
        {fileActions.deleteOutcome && (
          <DeleteSummary outcome={fileActions.deleteOutcome} />
        )}
        {list.isPending && (
          <p className="text-sm text-stone-600">Loading files…</p>
        )}
        {!list.isPending && !list.error && isEmpty && (
          <p className="text-sm text-stone-600">No files here yet.</p>
        )}
        {!isEmpty && view.isFiltered && shownCount === 0 && (
          <p className="text-sm text-stone-600">
            No name in this folder contains “{view.filter.trim()}”
            {hasNextPage ? ' among the files loaded so far' : ''}.
          </p>
        )}
        {!isEmpty &&
          (view.viewMode === 'list' ? (
            <FileList
              folders={view.folders}
              files={view.files}
              onReachEnd={onReachEnd}
            />
          ) : (
            <FileGrid
              folders={view.folders}
              files={view.files}
              onReachEnd={onReachEnd}
            />
          ))}
        {hasNextPage && (
          <button
            type="button"
            onClick={onLoadMore}
            disabled={isFetchingNextPage}
            className="rounded border border-stone-300 px-3 py-1 text-sm hover:bg-stone-100 disabled:opacity-50"
          >
            {isFetchingNextPage ? 'Loading…' : 'Load more files'}
          </button>
        )}
        {toDelete && (
          <DeleteDialog
            files={toDelete}
            isDeleting={fileActions.isDeleting}
            onConfirm={() => void onConfirmDelete()}
            onCancel={() => setToDelete(null)}
          />
        )}
        <PhotoPreview preview={preview} />
      </section>
    </LibraryProvider>
  );
}

function DeleteSummary({ outcome }: { outcome: DeleteOutcome }) {
  const parts = [];
  if (outcome.trashedCount > 0) {
    parts.push(`${outcome.trashedCount} moved to the trash`);
  }
  if (outcome.deletedCount > 0) {
    parts.push(`${outcome.deletedCount} deleted for good`);
  }

  return (
    <div role="status" className="text-sm text-stone-700">
      {parts.length > 0 && <p>{parts.join(', ')}.</p>}
      {outcome.failed.map(({ path, message }) => (
        <p key={path} className="text-red-700">
          {message}
        </p>
      ))}
    </div>
  );
}
