// What every server action returns to the browser. `error` and the field messages are i18n keys
// (namespaces `errors` and `validation`), so the browser shows them in the user's language.
export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      error: string;
      errorParams?: Record<string, string>;
      // Dotted field path (e.g. "recipients.1.email") -> validation message key.
      fieldErrors?: Record<string, string>;
    };
