/** A form a page posts: its action and its fields' names, each with the values the page offers. */
export interface PageForm {
  action: string;
  fields: Map<string, Set<string>>;
}

/** The forms on a page: each action with its fields' names and the values the page offers. */
export function formsOf(html: string): PageForm[] {
  const decode = (s: string) =>
    s
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].flatMap(([, attrs, inner]) => {
    const action = /action="([^"]*)"/.exec(attrs)?.[1];
    if (!action || !/method="post"/i.test(attrs)) return [];
    const fields = new Map<string, Set<string>>();
    for (const [tag] of inner.matchAll(/<(input|select|textarea)\b[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(tag)?.[1];
      if (!name) continue;
      const values = fields.get(decode(name)) ?? new Set<string>();
      const value = /value="([^"]*)"/.exec(tag)?.[1];
      if (value !== undefined) values.add(decode(value));
      fields.set(decode(name), values);
    }
    for (const [, select, options] of inner.matchAll(
      /<select\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g,
    ))
      for (const [, value] of options.matchAll(/<option\b[^>]*value="([^"]*)"/g))
        fields.get(decode(select))?.add(decode(value));
    return [{ action: decode(action.split('#')[0].split('?')[0]), fields }];
  });
}
