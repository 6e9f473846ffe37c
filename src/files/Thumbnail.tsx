import { useState } from 'react';
import type { StoredFile } from '../../amplify/core/api';
import { FileIcon, iconKindOf } from './FileIcon';
import { isPhoto } from './fileKinds';

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

  return <FileIcon kind={iconKindOf(file)} className="h-12 w-12" />;
}
