import { useState } from 'react';

/**
 * Holds the paths the member ticked in one folder. Opening another folder
 * starts with nothing ticked.
 */
export function useSelection(folder: string) {
  const [state, setState] = useState({
    folder,
    paths: new Set<string>(),
  });
  const paths = state.folder === folder ? state.paths : new Set<string>();

  const update = (change: (paths: Set<string>) => void) => {
    const next = new Set(paths);
    change(next);
    setState({ folder, paths: next });
  };

  return {
    selectedPaths: paths,
    selectedCount: paths.size,
    isSelected: (path: string) => paths.has(path),
    onToggle: (path: string) =>
      update((next) => {
        if (!next.delete(path)) {
          next.add(path);
        }
      }),
    onSelectAll: (all: readonly string[]) =>
      update((next) => all.forEach((path) => next.add(path))),
    onClear: () => update((next) => next.clear()),
  };
}

export type Selection = ReturnType<typeof useSelection>;
