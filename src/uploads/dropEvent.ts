import type { DropEvent } from 'react-dropzone';
import { filesFromDataTransfer } from './directoryReader';

/**
 * Reads the files of a react-dropzone event. A drop reads dropped folders
 * whole, and a file input keeps the `webkitRelativePath` of a folder
 * picker. While a drag is only hovering, browsers hide the files, so the
 * items stand in for them.
 */
export async function getFilesFromEvent(
  event: DropEvent | FileSystemFileHandle[],
): Promise<(File | DataTransferItem)[]> {
  if (Array.isArray(event)) {
    return Promise.all(event.map((handle) => handle.getFile()));
  }

  const dataTransfer = 'dataTransfer' in event ? event.dataTransfer : null;
  if (dataTransfer) {
    if (event.type !== 'drop') {
      return [...dataTransfer.items].filter((item) => item.kind === 'file');
    }

    return filesFromDataTransfer(dataTransfer);
  }

  const target = event.target;
  if (target instanceof HTMLInputElement && target.files) {
    return [...target.files];
  }

  return [];
}
