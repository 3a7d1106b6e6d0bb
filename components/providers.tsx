'use client';

import { useRef, useState, type ReactNode } from 'react';
import { useServerInsertedHTML } from 'next/navigation';
import {
  createDOMRenderer,
  FluentProvider,
  RendererProvider,
  renderToStyleElements,
  SSRProvider,
  webLightTheme,
} from '@fluentui/react-components';
import { z } from 'zod';

// zod 4 compiles parsers with `new Function` after probing whether eval is allowed; our Content-Security-
// Policy forbids eval, so the probe would be reported as a violation on every page. Its plain parser is fast
// enough for forms.
z.config({ jitless: true });

// Fluent's App Router recipe: one Griffel renderer per request/browser session, whose styles are written
// into the server HTML once, so the first paint is styled and hydration matches.
export function Providers({ children }: { children: ReactNode }) {
  const [renderer] = useState(() => createDOMRenderer());
  const stylesInserted = useRef(false);

  useServerInsertedHTML(() => {
    if (stylesInserted.current) return null;
    stylesInserted.current = true;
    return <>{renderToStyleElements(renderer)}</>;
  });

  return (
    <RendererProvider renderer={renderer}>
      <SSRProvider>
        <FluentProvider theme={webLightTheme} className="app-root">
          {children}
        </FluentProvider>
      </SSRProvider>
    </RendererProvider>
  );
}
