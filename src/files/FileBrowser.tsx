import { Breadcrumbs } from './Breadcrumbs';
import { FileRow, FolderRow } from './FileRows';
import { useFileList } from './useFileList';

/** Renders the member's files and folders in `folder`, with a path back up. */
export function FileBrowser({
  folder,
  onOpenFolder,
}: {
  folder: string;
  onOpenFolder: (prefix: string) => void;
}) {
  const list = useFileList(folder);
  const isEmpty = list.files.length === 0 && list.folders.length === 0;

  return (
    <section className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 className="font-semibold">Files</h2>
      <Breadcrumbs folder={folder} onOpenFolder={onOpenFolder} />
      {list.error && (
        <p role="alert" className="text-sm text-red-700">
          Files could not be listed: {list.error.message}
        </p>
      )}
      {list.isPending && (
        <p className="text-sm text-stone-600">Loading files…</p>
      )}
      {!list.isPending && !list.error && isEmpty && (
        <p className="text-sm text-stone-600">No files here yet.</p>
      )}
      {!isEmpty && (
        <ul aria-label="Files" className="divide-y divide-stone-100">
          {list.folders.map((name) => (
            <FolderRow
              key={name}
              folder={name}
              onOpen={() => onOpenFolder(folder + name)}
            />
          ))}
          {list.files.map((file) => (
            <FileRow key={file.key} file={file} />
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          onClick={list.onLoadMore}
          disabled={list.isFetchingNextPage}
          className="rounded border border-stone-300 px-3 py-1 text-sm hover:bg-stone-100 disabled:opacity-50"
        >
          {list.isFetchingNextPage ? 'Loading…' : 'Load more files'}
        </button>
      )}
    </section>
  );
}
