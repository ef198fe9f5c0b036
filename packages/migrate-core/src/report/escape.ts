/** Text or an attribute value made safe inside HTML and SVG: no name, id or message can become markup. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A template tag: every interpolated value is escaped, except values already built as `Html`. */
export function html(strings: TemplateStringsArray, ...values: readonly unknown[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += valueHtml(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Markup built by `html` (or trusted constants): inserted as it is. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

function valueHtml(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(valueHtml).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}
