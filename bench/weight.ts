/**
 * Benchmark section `weight`: the gzip size of the JavaScript that the
 * browser loads for the sign-in page and for the library page, read from a
 * production build's `index.html` and Vite's manifest.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

import { buildApp } from './app-build';
import type { Figure, SectionOptions, SectionResult } from './results';

/** Target: JavaScript for the sign-in page, in kB (1,000 bytes) gzip. */
const maxSignInKb = 250;

/** One chunk of Vite's `.vite/manifest.json`. */
type ManifestChunk = {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
};
type Manifest = Record<string, ManifestChunk>;

export async function runWeightSection(
  options: SectionOptions,
): Promise<SectionResult> {
  options.log('weight: building the app');
  const outDir = await buildApp();
  const manifest = JSON.parse(
    await readFile(path.join(outDir, '.vite', 'manifest.json'), 'utf8'),
  ) as Manifest;
  const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
  const entries = findEntryScripts(html).map((file) =>
    findChunkName(manifest, file),
  );

  const signIn = collectChunks(manifest, entries, false);
  const library = collectChunks(manifest, entries, true);
  const measure = (chunks: Set<string>) =>
    measureFiles(
      outDir,
      [...chunks].map((name) => manifest[name]!.file),
    );
  const signInJs = await measure(signIn);
  const libraryJs = await measure(library);
  const css = await measureFiles(outDir, [
    ...new Set([...library].flatMap((name) => manifest[name]!.css ?? [])),
  ]);

  const figures: Figure[] = [
    {
      name: 'JS for the sign-in page, gzip',
      value: signInJs.gzipBytes / 1000,
      unit: 'kB',
      target: `< ${maxSignInKb} kB`,
      isMet: signInJs.gzipBytes / 1000 < maxSignInKb,
    },
    {
      name: 'JS for the library page, gzip',
      value: libraryJs.gzipBytes / 1000,
      unit: 'kB',
    },
    {
      name: 'JS for the sign-in page, minified',
      value: signInJs.bytes / 1000,
      unit: 'kB',
    },
    {
      name: 'JS for the library page, minified',
      value: libraryJs.bytes / 1000,
      unit: 'kB',
    },
    { name: 'CSS, gzip', value: css.gzipBytes / 1000, unit: 'kB' },
  ];

  return {
    section: 'weight',
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    figures,
    notes: [
      'A build with the project vite.config.ts; sizes need no repetition, because the build is deterministic.',
      `Sign-in page: the entry script of index.html and its static imports (${signIn.size} chunks). Library page: those and every chunk reachable through dynamic imports (${library.size} chunks).`,
      'gzip at zlib’s default level 6, as a web server would send it; 1 kB is 1,000 bytes.',
    ],
  };
}

/** Returns the `src` of each module script in the built `index.html`. */
function findEntryScripts(html: string): string[] {
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)];
  if (scripts.length === 0) {
    throw new Error('The built index.html has no script with a src.');
  }

  return scripts.map((match) => match[1]!.replace(/^\//, ''));
}

function findChunkName(manifest: Manifest, file: string): string {
  const name = Object.keys(manifest).find(
    (key) => manifest[key]!.file === file,
  );
  if (name === undefined) {
    throw new Error(`${file} from index.html is not in Vite's manifest.`);
  }

  return name;
}

/**
 * Follows static imports from `entries`, and dynamic imports too when
 * `isLazyIncluded`, and returns every chunk reached.
 */
function collectChunks(
  manifest: Manifest,
  entries: string[],
  isLazyIncluded: boolean,
): Set<string> {
  const reached = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (reached.has(name)) {
      continue;
    }
    reached.add(name);
    const chunk = manifest[name];
    if (!chunk) {
      throw new Error(`Chunk ${name} is imported but not in the manifest.`);
    }
    pending.push(...(chunk.imports ?? []));
    if (isLazyIncluded) {
      pending.push(...(chunk.dynamicImports ?? []));
    }
  }

  return reached;
}

async function measureFiles(
  outDir: string,
  files: string[],
): Promise<{ bytes: number; gzipBytes: number }> {
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = await readFile(path.join(outDir, file));
    bytes += content.length;
    gzipBytes += (await promisify(gzip)(content)).length;
  }

  return { bytes, gzipBytes };
}
