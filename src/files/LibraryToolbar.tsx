import type { SortDirection, SortKey } from './arrange';
import { smallButton } from './FileActionButtons';
import type { LibraryView, ViewMode } from './useLibraryView';

const sortNames: Record<SortKey, string> = {
  name: 'Name',
  date: 'Date',
  size: 'Size',
};

/**
 * Renders the name filter, sort order, list or grid switch, and the
 * buttons for the ticked files.
 */
export function LibraryToolbar({
  view,
  selectedCount,
  onSelectAll,
  onClearSelection,
  onDeleteSelected,
}: {
  view: LibraryView;
  selectedCount: number;
  onSelectAll: () => void;
  onClearSelection: () => void;
  onDeleteSelected: () => void;
}) {
  return (
    <div className="flex flex-wrap items-end gap-2 text-sm">
      <label className="flex flex-col">
        <span className="text-stone-600">Filter this folder</span>
        <input
          type="search"
          value={view.filter}
          onChange={(event) => view.onFilter(event.target.value)}
          placeholder="Part of a name"
          className="w-44 rounded border border-stone-300 px-2 py-1"
        />
      </label>
      <label className="flex flex-col">
        <span className="text-stone-600">Sort by</span>
        <select
          value={view.sortBy}
          onChange={(event) => view.onSortBy(event.target.value as SortKey)}
          className="rounded border border-stone-300 px-2 py-1"
        >
          {Object.entries(sortNames).map(([key, name]) => (
            <option key={key} value={key}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col">
        <span className="text-stone-600">Order</span>
        <select
          value={view.direction}
          onChange={(event) =>
            view.onDirection(event.target.value as SortDirection)
          }
          className="rounded border border-stone-300 px-2 py-1"
        >
          <option value="ascending">Ascending</option>
          <option value="descending">Descending</option>
        </select>
      </label>
      <fieldset className="flex gap-1">
        <legend className="sr-only">View</legend>
        {(['list', 'grid'] as const).map((mode: ViewMode) => (
          <button
            key={mode}
            type="button"
            aria-pressed={view.viewMode === mode}
            onClick={() => view.onViewMode(mode)}
            className={`${smallButton} aria-pressed:bg-amber-100`}
          >
            {mode === 'list' ? 'List' : 'Grid'}
          </button>
        ))}
      </fieldset>
      <span className="flex flex-wrap gap-1">
        <button type="button" onClick={onSelectAll} className={smallButton}>
          Select all
        </button>
        {selectedCount > 0 && (
          <>
            <button
              type="button"
              onClick={onClearSelection}
              className={smallButton}
            >
              Clear selection
            </button>
            <button
              type="button"
              onClick={onDeleteSelected}
              className={smallButton}
            >
              Delete selected ({selectedCount})
            </button>
          </>
        )}
      </span>
    </div>
  );
}
