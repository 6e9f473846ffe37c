import { useId, useState, type FormEvent } from 'react';
import { parseCap, toCapFields, type CapUnit } from './capInput';

/**
 * Renders a number and a unit for a cap, with a submit button. Shows the
 * reason when the typed value is not a positive number.
 */
export function CapForm({
  label,
  initialBytes,
  submitLabel,
  isSaving,
  onSubmit,
}: {
  label: string;
  initialBytes: number;
  submitLabel: string;
  isSaving: boolean;
  onSubmit: (bytes: number) => void;
}) {
  const initial = toCapFields(initialBytes);
  const [amount, setAmount] = useState(initial.amount);
  const [unit, setUnit] = useState<CapUnit>(initial.unit);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseCap(amount, unit);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(null);
    onSubmit(parsed.bytes);
  };

  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-1">
      <input
        type="text"
        inputMode="decimal"
        aria-label={label}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
        className="w-20 rounded border border-stone-300 px-1 py-0.5"
      />
      <select
        aria-label={`${label} unit`}
        value={unit}
        onChange={(event) => setUnit(event.target.value as CapUnit)}
        className="rounded border border-stone-300 px-1 py-0.5"
      >
        <option value="MiB">MiB</option>
        <option value="GiB">GiB</option>
      </select>
      <button
        type="submit"
        disabled={isSaving}
        className="rounded border border-stone-300 bg-white px-2 py-0.5 hover:bg-stone-100 disabled:opacity-50"
      >
        {submitLabel}
      </button>
      {error && (
        <p id={errorId} role="alert" className="w-full text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
