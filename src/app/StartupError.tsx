/** Full-page message for a configuration the app cannot start with. */
export function StartupError({ message }: { message: string }) {
  return (
    <main className="mx-auto max-w-xl p-6">
      <h1 className="mb-2 text-lg font-bold text-amber-800">Shoebox</h1>
      <p role="alert" className="text-stone-800">
        Shoebox could not start: {message}
      </p>
    </main>
  );
}
