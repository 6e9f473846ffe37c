import { useState } from 'react';
import type { StoredFile } from '../../amplify/core/api';
import { fileIcon, isPhoto } from './fileKinds';

/**
 * Renders a photo's thumbnail from its presigned URL, or the file's icon
 * when it has none. The URL returns 404 when the browser that uploaded the
 * photo sent no thumbnail, so a failed load shows the icon too.
 */
export function Thumbnail({ file }: { file: StoredFile }) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const url = file.thumbnailUrl;
  if (url && isPhoto(file) && failedUrl !== url) {
    return (
      <img
        src={url}
        alt=""
        loading="lazy"
        onError={() => setFailedUrl(url)}
        className="h-full w-full object-cover"
      />
    );
  }

  return (
    <span aria-hidden="true" className="text-4xl">
      {fileIcon(file)}
    </span>
  );
}
