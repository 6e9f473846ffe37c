import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { StoredFile } from '../../amplify/core/api';
import { useSessionApi } from '../api/SessionApiContext';
import { useMember } from '../auth/MemberContext';
import { isPhoto, isReadable } from './fileKinds';

/**
 * Presigned URLs last minutes; reusing one for a minute saves a request
 * when the member steps back and forth.
 */
const previewUrlStaleMs = 60_000;

/**
 * Holds the photo open in the preview and steps through the readable
 * photos of `files` in their shown order, wrapping at either end.
 */
export function usePhotoPreview(files: readonly StoredFile[]) {
  const api = useSessionApi();
  const { sub } = useMember();
  const [openPath, setOpenPath] = useState<string | null>(null);
  const photos = files.filter((file) => isPhoto(file) && isReadable(file));
  const index = photos.findIndex((file) => file.path === openPath);
  const photo = index === -1 ? undefined : photos[index];

  const url = useQuery({
    queryKey: ['download', sub, photo?.path, 'inline'],
    queryFn: () => api.requestDownload(photo?.path ?? '', 'inline'),
    enabled: photo !== undefined,
    staleTime: previewUrlStaleMs,
  });

  const step = (offset: number) => {
    if (photos.length === 0 || index === -1) {
      return;
    }
    const next = photos[(index + offset + photos.length) % photos.length];
    setOpenPath(next?.path ?? null);
  };

  return {
    photo,
    position: index + 1,
    photoCount: photos.length,
    imageUrl: url.data?.url,
    urlError: url.error,
    canPreview: (file: StoredFile) => isPhoto(file) && isReadable(file),
    onOpen: (file: StoredFile) => setOpenPath(file.path),
    onClose: () => setOpenPath(null),
    onNext: () => step(1),
    onPrevious: () => step(-1),
  };
}

export type PhotoPreviewState = ReturnType<typeof usePhotoPreview>;
