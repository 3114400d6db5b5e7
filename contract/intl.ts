const formatters = new Map<string, unknown>();

/**
 * The `Intl` formatter of `kind` for `language` and `options`, made once: making one costs far more
 * than formatting with it, and a table formats a date, a number or a list in every row. The plug-in
 * and the console (each in its own language) format through it.
 */
export function intlFormatter<O extends object, F>(kind: new (language: string, options?: O) => F, language: string, options: NoInfer<O>): F {
  const key = `${kind.name}|${language}|${JSON.stringify(options)}`;
  let made = formatters.get(key) as F | undefined;
  if (!made) {
    made = new kind(language, options);
    formatters.set(key, made);
  }
  return made;
}
