/**
 * `npm run bench`: runs the benchmark sections, prints a table of every
 * figure beside its baseline, and writes them to `bench/results.json`.
 *
 *   npm run bench                     every section, full sizes
 *   npm run bench -- --quick          small sizes, for a smoke test
 *   npm run bench -- --section gate   one section (repeat for more)
 *   npm run bench -- --out FILE       write the results elsewhere
 *   npm run bench -- --profile DIR    CPU profiles of measured processes
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { runGateSection } from './gate';
import { runLoadSection } from './load';
import {
  formatTable,
  writeResults,
  type SectionOptions,
  type SectionResult,
} from './results';

/** Each section, in the order `npm run bench` runs them. */
const sections: Record<
  string,
  (options: SectionOptions) => Promise<SectionResult>
> = {
  gate: runGateSection,
  load: runLoadSection,
};

const defaultResultsFile = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'results.json',
);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      section: { type: 'string', multiple: true },
      out: { type: 'string', default: defaultResultsFile },
      profile: { type: 'string' },
    },
  });

  const names = values.section ?? Object.keys(sections);
  const unknown = names.filter((name) => !(name in sections));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown benchmark section "${unknown.join('", "')}"; choose from ` +
        `${Object.keys(sections).join(', ')}.`,
    );
  }

  const options: SectionOptions = {
    quick: values.quick,
    profileDir: values.profile && path.resolve(values.profile),
    log: (message) => console.error(message),
  };
  const results: SectionResult[] = [];
  for (const name of names) {
    results.push(await sections[name]!(options));
  }

  console.log(formatTable(results));
  for (const result of results) {
    for (const note of result.notes) {
      console.log(`${result.section}: ${note}`);
    }
  }
  const file = path.resolve(values.out);
  await writeResults(file, results);
  console.log(`Results written to ${file}`);
}

await main();
