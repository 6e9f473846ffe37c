import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const outputsFileName = 'amplify_outputs.json';

/**
 * Serves the project-root `amplify_outputs.json` at `/amplify_outputs.json`
 * in dev, and copies it into the build when it exists. The app fetches it at
 * start instead of importing it, because the local stack or `npx ampx
 * sandbox` writes it and a fresh clone has none. `SHOEBOX_OUTPUTS_PATH`
 * names another file, as it does for the local stack.
 */
function amplifyOutputs(): Plugin {
  let outputsPath = '';

  return {
    name: 'shoebox-amplify-outputs',
    configResolved(config) {
      outputsPath = resolve(
        config.root,
        process.env.SHOEBOX_OUTPUTS_PATH || outputsFileName,
      );
    },
    configureServer(server) {
      server.middlewares.use(`/${outputsFileName}`, (_request, response) => {
        // Read on every request, because the local stack rewrites the file
        // when it starts, possibly after Vite did.
        if (!existsSync(outputsPath)) {
          response.statusCode = 404;
          response.setHeader('Content-Type', 'application/json');
          response.end(
            JSON.stringify({
              error: {
                code: 'OutputsNotFound',
                message: `${outputsPath} does not exist; run \`npm start\` or \`npx ampx sandbox\` to write it.`,
              },
            }),
          );
          return;
        }

        response.setHeader('Content-Type', 'application/json');
        response.setHeader('Cache-Control', 'no-store');
        response.end(readFileSync(outputsPath));
      });
    },
    generateBundle() {
      if (!existsSync(outputsPath)) {
        this.warn(
          `${outputsPath} not found; the built app needs an ${outputsFileName} beside index.html.`,
        );
        return;
      }

      this.emitFile({
        type: 'asset',
        fileName: outputsFileName,
        source: readFileSync(outputsPath),
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), amplifyOutputs()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    strictPort: true,
  },
});
