import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './app/Root';
import { SessionManager } from './app/sessionManager';
import { recallPoints } from './app/pointsMemory';
import { fromQuery } from './app/urlState';
import { connectEmbedMessages } from './app/embedMessages';
import './app/styles.css';
import './app/screens.css';

const manager = new SessionManager(fromQuery(location.search, undefined, recallPoints), new URLSearchParams(location.search).has('mainthread'));

// an embed whose link lists host origins takes their commands (postMessage)
connectEmbedMessages(manager);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root manager={manager} />
  </StrictMode>,
);
