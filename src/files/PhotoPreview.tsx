import { useEffect, useRef } from 'react';
import { baseName } from './paths';
import type { PhotoPreviewState } from './usePhotoPreview';

const navButton =
  'rounded bg-white/90 px-3 py-2 text-sm font-medium text-stone-900 hover:bg-white focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-400';

/**
 * Shows one photo over the page with previous and next buttons. The arrow
 * keys step through the photos, and Escape closes the preview.
 */
export function PhotoPreview({ preview }: { preview: PhotoPreviewState }) {
  const dialog = useRef<HTMLDivElement>(null);
  const { photo } = preview;
  const isOpen = photo !== undefined;

  // Focus moves into the preview, and back to where it was on close.
  useEffect(() => {
    if (!isOpen) {
      return;
    }
    const opener = document.activeElement;
    dialog.current?.focus();

    return () => {
      if (opener instanceof HTMLElement) {
        opener.focus();
      }
    };
  }, [isOpen]);

  if (!photo) {
    return null;
  }
  const name = baseName(photo.path);

  return (
    <div
      ref={dialog}
      role="dialog"
      aria-modal="true"
      aria-label={`Preview of ${name}`}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'ArrowRight') {
          preview.onNext();
        } else if (event.key === 'ArrowLeft') {
          preview.onPrevious();
        } else if (event.key === 'Escape') {
          preview.onClose();
        }
      }}
      className="fixed inset-0 z-30 flex flex-col bg-black/90 p-2 text-white outline-none sm:p-4"
    >
      <div className="flex items-center justify-between gap-2">
        <p className="truncate text-sm">
          {name} ({preview.position} of {preview.photoCount})
        </p>
        <button type="button" onClick={preview.onClose} className={navButton}>
          Close
        </button>
      </div>
      <div className="flex min-h-0 flex-1 items-center justify-center py-2">
        {preview.urlError ? (
          <p role="alert">
            The photo could not be loaded: {preview.urlError.message}
          </p>
        ) : preview.imageUrl ? (
          <img
            src={preview.imageUrl}
            alt={name}
            className="h-full w-full object-contain"
          />
        ) : (
          <p role="status">Loading {name}…</p>
        )}
      </div>
      <div className="flex justify-between">
        <button
          type="button"
          onClick={preview.onPrevious}
          className={navButton}
        >
          Previous photo
        </button>
        <button type="button" onClick={preview.onNext} className={navButton}>
          Next photo
        </button>
      </div>
    </div>
  );
}
