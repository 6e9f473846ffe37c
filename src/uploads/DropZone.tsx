import { useRef } from 'react';
import { useDropzone } from 'react-dropzone';
import { BatchDialog } from './BatchDialog';
import { getFilesFromEvent } from './dropEvent';
import { useBatchPicker } from './useBatchPicker';

const buttonStyle =
  'rounded border border-stone-300 bg-white px-3 py-1 text-sm font-medium hover:bg-stone-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-500';

/**
 * Drop target for files and folders, with buttons that pick files or a
 * whole folder. Files keep their folders under `folder`, the folder the
 * member is viewing. The buttons are the keyboard's way in.
 */
export function DropZone({ folder }: { folder: string }) {
  const picker = useBatchPicker(folder);
  const folderInput = useRef<HTMLInputElement>(null);
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDrop: (files) => picker.onFilesChosen(files),
    getFilesFromEvent,
    // The buttons open the pickers, so a click elsewhere does nothing.
    noClick: true,
    noKeyboard: true,
    useFsAccessApi: false,
  });
  const target = folder === '' ? 'All files' : folder;

  return (
    <div className="space-y-3">
      <div
        {...getRootProps({ role: 'region', 'aria-label': 'Drop zone' })}
        className={`flex flex-col items-center gap-2 rounded-lg border-2 border-dashed p-6 text-center transition-colors ${
          isDragActive
            ? 'border-amber-500 bg-amber-50'
            : 'border-stone-300 bg-white'
        }`}
      >
        <input {...getInputProps({ 'aria-label': 'Files to upload' })} />
        <input
          ref={folderInput}
          type="file"
          multiple
          hidden
          aria-label="Folder to upload"
          {...{ webkitdirectory: '' }}
          onChange={(event) => {
            picker.onFilesChosen([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
        <span className="font-medium text-stone-800">
          {isDragActive
            ? 'Drop to upload'
            : 'Drop photos, files and folders here'}
        </span>
        <span className="flex gap-2">
          <button type="button" className={buttonStyle} onClick={open}>
            Choose files
          </button>
          <button
            type="button"
            className={buttonStyle}
            onClick={() => folderInput.current?.click()}
          >
            Choose folder
          </button>
        </span>
        <span className="text-sm text-stone-600">Uploads go into {target}</span>
      </div>
      {picker.state.step === 'checking' && (
        <p role="status" className="text-sm text-stone-600">
          Checking {picker.state.fileCount} files against your storage…
        </p>
      )}
      {picker.state.step === 'started' && (
        <p className="text-sm text-stone-600">{picker.state.summary}</p>
      )}
      {picker.state.step === 'error' && (
        <p role="alert" className="text-sm text-red-700">
          {picker.state.message}
        </p>
      )}
      {picker.state.step === 'deciding' && (
        <BatchDialog
          batch={picker.state.batch}
          onConfirm={picker.onConfirm}
          onCancel={picker.onCancel}
        />
      )}
    </div>
  );
}
