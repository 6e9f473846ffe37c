import type { ArchiveRestore } from '../../amplify/core/api';

const timeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** Says whether a Deep Archive file can be read, or when it will be. */
export function ArchiveStatus({ archive }: { archive?: ArchiveRestore }) {
  if (!archive) {
    return null;
  }
  if (archive.state === 'ARCHIVED') {
    return <span>archived: restore to download</span>;
  }
  if (archive.state === 'RESTORING') {
    return (
      <span>
        restoring
        {archive.expectedAt &&
          `, ready about ${timeFormat.format(new Date(archive.expectedAt))}`}
      </span>
    );
  }

  return (
    <span>
      restored
      {archive.availableUntil &&
        ` until ${timeFormat.format(new Date(archive.availableUntil))}`}
    </span>
  );
}
