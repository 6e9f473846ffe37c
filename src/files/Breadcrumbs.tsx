import { folderTrail } from './paths';

const rootName = 'All files';

/** Renders the path to the open folder, with a button for each ancestor. */
export function Breadcrumbs({
  folder,
  onOpenFolder,
}: {
  folder: string;
  onOpenFolder: (prefix: string) => void;
}) {
  const trail = [{ name: rootName, prefix: '' }, ...folderTrail(folder)];

  return (
    <nav aria-label="Folder path">
      <ol className="flex flex-wrap items-center gap-1 text-sm">
        {trail.map(({ name, prefix }, index) => {
          const isCurrent = index === trail.length - 1;

          return (
            <li key={prefix} className="flex items-center gap-1">
              {index > 0 && <span aria-hidden="true">/</span>}
              {isCurrent ? (
                <span aria-current="location" className="font-semibold">
                  {name}
                </span>
              ) : (
                <button
                  type="button"
                  onClick={() => onOpenFolder(prefix)}
                  className="text-amber-800 underline-offset-2 hover:underline"
                >
                  {name}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
