import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { Controller } from './app/controller';
import { Store } from './app/store';
import './app/styles.css';

const store = new Store();
const controller = new Controller(store, { mainThread: new URLSearchParams(location.search).has('mainthread') });
controller.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} controller={controller} />
  </StrictMode>,
);
