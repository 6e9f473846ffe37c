/**
 * Benchmark figures, the table printed for them, and `bench/results.json`:
 * each figure beside its baseline from the same run, with the machine it
 * ran on.
 */

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** What every section receives from `bench/run.ts`. */
export type SectionOptions = {
  /** Small sizes that finish in seconds, for smoke tests. */
  quick: boolean;
  /** Folder for CPU profiles of the measured processes, when set. */
  profileDir?: string;
  /** Progress messages, written to stderr. */
  log: (message: string) => void;
};

export type Figure = {
  name: string;
  value: number;
  unit: string;
  /** The same work done without Shoebox, measured in the same run. */
  baseline?: { name: string; value: number };
  /** `value / baseline.value`; above 1 means Shoebox is slower or larger. */
  ratio?: number;
  /** The target as text, e.g. `ratio <= 1.15`. */
  target?: string;
  /** Whether the target was met; absent for figures without one. */
  isMet?: boolean;
};

export type SectionResult = {
  section: string;
  /** ISO 8601 time the section finished. */
  date: string;
  mode: 'full' | 'quick';
  figures: Figure[];
  /** Facts needed to read the figures: sizes, counts, repetitions. */
  notes: string[];
  /**
   * The machine's 1, 5 and 15 minute load averages when the section started
   * and ended; `bench/run.ts` adds them. Above the core count, other
   * processes competed for the CPU and absolute times grew.
   */
  loadAverage?: { atStart: number[]; atEnd: number[] };
};

export type Machine = {
  cores: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  platform: string;
};

export type Results = {
  /** ISO 8601 time of the last write. */
  date: string;
  machine: Machine;
  /** 1, 5 and 15 minute load averages at the last write. */
  loadAverage: number[];
  sections: Record<string, SectionResult>;
};

export function describeMachine(): Machine {
  const cpus = os.cpus();

  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Builds a figure with its ratio to `baseline` and the target check. */
export function compare(
  figure: Omit<Figure, 'ratio' | 'isMet'>,
  maxRatio?: number,
): Figure {
  if (!figure.baseline) {
    return figure;
  }

  const ratio = figure.value / figure.baseline.value;
  if (maxRatio === undefined) {
    return { ...figure, ratio };
  }

  return {
    ...figure,
    ratio,
    target: `ratio <= ${maxRatio}`,
    isMet: ratio <= maxRatio,
  };
}

/**
 * Writes `sections` into the results file. Sections that did not run this
 * time keep their earlier entries, each with its own date and mode.
 */
export async function writeResults(
  file: string,
  sections: SectionResult[],
): Promise<Results> {
  const previous = await readResults(file);
  const results: Results = {
    date: new Date().toISOString(),
    machine: describeMachine(),
    loadAverage: os.loadavg(),
    sections: { ...previous?.sections },
  };
  for (const section of sections) {
    results.sections[section.section] = section;
  }

  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);

  return results;
}

async function readResults(file: string): Promise<Results | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Results;
  } catch {
    return undefined;
  }
}

/** Renders the figures of `sections` as a plain-text table. */
export function formatTable(sections: SectionResult[]): string {
  const header = [
    'section',
    'figure',
    'value',
    'baseline',
    'ratio',
    'target',
    'load',
  ];
  const rows = sections.flatMap((section) =>
    section.figures.map((figure) => [
      section.section,
      figure.name,
      `${formatNumber(figure.value)} ${figure.unit}`,
      figure.baseline
        ? `${formatNumber(figure.baseline.value)} ${figure.unit}`
        : '',
      figure.ratio === undefined ? '' : `${figure.ratio.toFixed(2)}x`,
      figure.target === undefined
        ? ''
        : `${figure.target} ${figure.isMet ? 'met' : 'MISSED'}`,
      formatLoad(section),
    ]),
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');

  return [line(header), line(widths.map((width) => '-'.repeat(width)))]
    .concat(rows.map(line))
    .join('\n');
}

/** Formats the 1-minute load average at the section's start and end. */
function formatLoad(section: SectionResult): string {
  if (!section.loadAverage) {
    return '';
  }
  const { atStart, atEnd } = section.loadAverage;

  return `${atStart[0]!.toFixed(1)}-${atEnd[0]!.toFixed(1)}`;
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) {
    return String(value);
  }

  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}
