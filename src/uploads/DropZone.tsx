import { useDropzone } from 'react-dropzone';
import { useUploadQueue } from './useUploadQueue';

/**
 * Drop target for files and folders. Clicking it, or pressing Enter or
 * Space on it, opens the file picker.
 */
export function DropZone({ folder }: { folder: string }) {
  const { onAddFiles } = useUploadQueue();
  const { getRootProps, getInputProps, isDragActive } = useDropzone({
    onDrop: (files) => onAddFiles(files, folder),
  });

  return (
    <div
      {...getRootProps({ role: 'button' })}
      className={`flex cursor-pointer flex-col items-center gap-1 rounded-lg border-2 border-dashed p-6 text-center transition-colors focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-500 ${
        isDragActive
          ? 'border-amber-500 bg-amber-50'
          : 'border-stone-300 bg-white hover:border-amber-400'
      }`}
    >
      <input {...getInputProps({ 'aria-label': 'Files to upload' })} />
      <span className="font-medium text-stone-800">
        {isDragActive ? 'Drop to upload' : 'Drop photos and files here'}
      </span>
      <span className="text-sm text-stone-600">
        or click to choose files · into {folder === '' ? 'All files' : folder}
      </span>
    </div>
  );
}
