'use client';

import { useState } from 'react';

// The values of a list's filter bar, kept with the filters in the URL. When the URL changes (a link, Back, a
// filter applied), each field the new URL changed takes its value; a field it did not change keeps what is
// being typed into it, so text survives a navigation (a dropdown applied at once) that lands meanwhile.
export function useUrlFilterValues<F, V extends Record<string, string>>(
  filter: F,
  hrefOf: (filter: F) => string,
  valuesOf: (filter: F) => V,
) {
  const [values, setValues] = useState(() => valuesOf(filter));
  const [shown, setShown] = useState(filter);
  if (hrefOf(filter) !== hrefOf(shown)) {
    const [before, after] = [valuesOf(shown), valuesOf(filter)];
    setShown(filter);
    setValues(Object.fromEntries(Object.keys(after).map((key) => [key, after[key] !== before[key] ? after[key] : values[key]])) as V);
  }
  return [values, setValues] as const;
}
