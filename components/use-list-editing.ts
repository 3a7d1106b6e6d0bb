'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';

// State of a settings list page's dialogs: which one is open (`editing`, a union the page defines), and
// the notice shown after a change. `done(message, next?)` closes the dialog (or opens `next`, e.g. one that
// shows a new secret once), shows the notice and re-reads the page's data from the server.
export function useListEditing<Editing>() {
  const router = useRouter();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return {
    editing,
    notice,
    edit: (next: Editing) => setEditing(next),
    close: () => setEditing(null),
    done: (message: string, next: Editing | null = null) => {
      setEditing(next);
      setNotice(message);
      router.refresh();
    },
  };
}
