/**
 * The text fields of a POST form, looked up the way S3 does: names compare
 * case-insensitively, and the values of a name sent twice are joined with
 * commas.
 */
export class FormFields {
  private readonly byName: Map<string, { name: string; values: string[] }>;

  constructor(entries: Iterable<[name: string, value: string]> = []) {
    this.byName = new Map();
    for (const [name, value] of entries) {
      const lowerName = name.toLowerCase();
      const existing = this.byName.get(lowerName);
      if (existing) {
        existing.values.push(value);
      } else {
        this.byName.set(lowerName, { name, values: [value] });
      }
    }
  }

  /** Returns the value of `name`, in any case, or undefined when absent. */
  get(name: string): string | undefined {
    return this.byName.get(name.toLowerCase())?.values.join(',');
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /** Names in the order first sent, each in the spelling first sent. */
  names(): string[] {
    return [...this.byName.values()].map((field) => field.name);
  }

  /** Returns the fields with `transform` applied to every value. */
  mapValues(transform: (value: string) => string): FormFields {
    const entries: [string, string][] = [];
    for (const { name, values } of this.byName.values()) {
      for (const value of values) {
        entries.push([name, transform(value)]);
      }
    }

    return new FormFields(entries);
  }

  /** Returns `[name, value]` pairs, one per name, values joined. */
  entries(): [name: string, value: string][] {
    return [...this.byName.values()].map(({ name, values }) => [
      name,
      values.join(','),
    ]);
  }
}
