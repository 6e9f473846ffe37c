/**
 * Reads dropped files and folders through the File and Directory Entries
 * API, keeping each file's path relative to what was dropped.
 */

/**
 * Reads every entry of a directory. Chromium's `readEntries` returns at
 * most 100 entries per call and an empty array once the directory is
 * exhausted, so it is called until a call returns nothing.
 */
export async function readAllEntries(
  reader: FileSystemDirectoryReader,
): Promise<FileSystemEntry[]> {
  const entries: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) {
      return entries;
    }
    entries.push(...batch);
  }
}

/**
 * Collects the files under `entries`, walking folders depth first. Each file
 * gets a `relativePath` property, its entry's `fullPath` without the leading
 * `/`. A folder without files adds nothing, so empty folders are ignored.
 */
export async function collectFiles(
  entries: readonly FileSystemEntry[],
): Promise<File[]> {
  const files: File[] = [];
  for (const entry of entries) {
    if (isFileEntry(entry)) {
      files.push(await readFile(entry));
    } else if (isDirectoryEntry(entry)) {
      const children = await readAllEntries(entry.createReader());
      files.push(...(await collectFiles(children)));
    }
  }

  return files;
}

/**
 * Returns the files of a drop, reading dropped folders whole. Entries are
 * taken from the items before the first `await`, because a browser empties
 * the DataTransfer once the drop event handler returns. An item without an
 * entry, e.g. from a DataTransfer built in script, is read as a plain file.
 */
export async function filesFromDataTransfer(
  dataTransfer: DataTransfer,
): Promise<File[]> {
  const sources = [...dataTransfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? item.getAsFile());

  const files: File[] = [];
  for (const source of sources) {
    if (source instanceof File) {
      files.push(source);
    } else if (source) {
      files.push(...(await collectFiles([source])));
    }
  }

  return files;
}

async function readFile(entry: FileSystemFileEntry): Promise<File> {
  const file = await new Promise<File>((resolve, reject) =>
    entry.file(resolve, reject),
  );
  Object.defineProperty(file, 'relativePath', {
    value: entry.fullPath.replace(/^\/+/, ''),
  });

  return file;
}

function isFileEntry(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectoryEntry(
  entry: FileSystemEntry,
): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}
