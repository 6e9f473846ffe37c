import '@aws-amplify/ui-react/styles.css';
import './index.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { StartupError } from './app/StartupError';
import { configureAmplify, isLocalStack, loadOutputs } from './config/outputs';
import { readAppSettings } from './config/settings';

async function start(container: HTMLElement): Promise<void> {
  const root = createRoot(container);

  try {
    const settings = readAppSettings(import.meta.env);
    const outputs = await loadOutputs();
    configureAmplify(outputs);

    root.render(
      <StrictMode>
        <QueryClientProvider client={new QueryClient()}>
          <App isLocalStack={isLocalStack(outputs)} settings={settings} />
        </QueryClientProvider>
      </StrictMode>,
    );
  } catch (error) {
    console.error(error);
    const message = error instanceof Error ? error.message : String(error);
    root.render(<StartupError message={message} />);
  }
}

const container = document.getElementById('root');
if (container) {
  void start(container);
}
