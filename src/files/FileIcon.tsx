import type { StoredFile } from '../../amplify/core/api';
import { isPhoto } from './fileKinds';

export type IconKind =
  'folder' | 'photo' | 'video' | 'audio' | 'document' | 'file';

/** Outline paths on a 24 x 24 grid, drawn with the current text colour. */
const iconPaths: Record<IconKind, string> = {
  folder:
    'M3 6a1 1 0 0 1 1-1h5l2 2h9a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z',
  photo:
    'M4 5h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm0 11 5-5 4 4 3-3 4 4M15.5 9.5h.01',
  video:
    'M4 6h11a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1zm12 4 5-3v10l-5-3',
  audio:
    'M9 18V6l11-2v12M9 18a3 3 0 1 1-6 0 3 3 0 0 1 6 0zm11-2a3 3 0 1 1-6 0 3 3 0 0 1 6 0z',
  document: 'M6 3h8l4 4v14H6zM14 3v4h4M9 12h6M9 16h6',
  file: 'M6 3h8l4 4v14H6zM14 3v4h4',
};

/** Returns the icon for a file's type. */
export function iconKindOf(file: StoredFile): IconKind {
  const type = file.contentType ?? '';
  if (isPhoto(file) || type.startsWith('image/')) {
    return 'photo';
  }
  if (type.startsWith('video/')) {
    return 'video';
  }
  if (type.startsWith('audio/')) {
    return 'audio';
  }
  if (type === 'application/pdf' || type.startsWith('text/')) {
    return 'document';
  }

  return 'file';
}

/**
 * Draws an icon as inline SVG, so it needs no emoji font. Hidden from
 * screen readers, which read the file's name and type instead.
 */
export function FileIcon({
  kind,
  className = 'h-5 w-5',
}: {
  kind: IconKind;
  className?: string;
}) {
  return (
    <svg
      viewBox="0 0 24 24"
      aria-hidden="true"
      data-icon={kind}
      fill="none"
      stroke="currentColor"
      strokeWidth={1.5}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={`shrink-0 text-stone-500 ${className}`}
    >
      <path d={iconPaths[kind]} />
    </svg>
  );
}
