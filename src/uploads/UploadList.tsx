import { UploadRow } from './UploadRow';
import { useUploadQueue } from './useUploadQueue';

/**
 * Renders the files dropped in this tab, newest batch last.
 *
 * NOTE: the list is not virtualised yet, so a drop of thousands of files
 * renders thousands of rows.
 */
export function UploadList() {
  const { items, hasItems } = useUploadQueue();
  if (!hasItems) {
    return null;
  }

  return (
    <section className="rounded-lg bg-white p-4 shadow-sm">
      <h2 className="mb-2 font-semibold">Uploads</h2>
      <ul aria-label="Uploads" className="divide-y divide-stone-100">
        {items.map((item) => (
          <UploadRow key={item.id} item={item} />
        ))}
      </ul>
    </section>
  );
}
