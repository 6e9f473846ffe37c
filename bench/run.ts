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

import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { runBrowserSection } from './browser';
import { runGateSection } from './gate';
import { runLoadSection } from './load';
import { runListingSection } from './listing';
import { runSessionSection } from './session';
import { runWeightSection } from './weight';
import {
  describeMachine,
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
  session: runSessionSection,
  gate: runGateSection,
  browser: runBrowserSection,
  listing: runListingSection,
  weight: runWeightSection,
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
  const failed: string[] = [];
  for (const name of names) {
    const atStart = os.loadavg();
    try {
      const result = await sections[name]!(options);
      results.push({
        ...result,
        loadAverage: { atStart, atEnd: os.loadavg() },
      });
    } catch (error) {
      // The other sections still run, and their figures are still written.
      console.error(`Section ${name} failed:`, error);
      failed.push(name);
    }
  }

  console.log(formatTable(results));
  console.log(describeRun());
  for (const result of results) {
    for (const note of result.notes) {
      console.log(`${result.section}: ${note}`);
    }
  }
  const file = path.resolve(values.out);
  await writeResults(file, results);
  console.log(`Results written to ${file}`);
  if (failed.length > 0) {
    throw new Error(`Benchmark sections failed: ${failed.join(', ')}.`);
  }
}

/** Describes the machine, the load and the date for the table's footer. */
function describeRun(): string {
  const machine = describeMachine();
  const memoryGb = (machine.memoryBytes / 1e9).toFixed(1);
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

  return (
    `${machine.cores} cores (${machine.cpuModel}), ${memoryGb} GB, ` +
    `Node ${machine.node}, ${machine.platform}; load average ${load} ` +
    `(1, 5, 15 min; the load column is the 1-minute average at each ` +
    `section's start and end); ${new Date().toISOString()}`
  );
}

await main();
