import './lib/zodJitless'; // first: before any zod schema is built (see the file)
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n'; // initialise translations before the first render
import './styles/global.css';
import { App } from './app/App';

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element in index.html');

// At once in Vietnamese; a stored other language is fetched first (i18n/index.ts).
void i18nReady.then(() =>
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
