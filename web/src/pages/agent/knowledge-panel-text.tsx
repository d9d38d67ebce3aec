// Text of the knowledge panel with the search's words marked (<mark>): the text is split into
// plain strings, never rendered as HTML.
export interface TextPart {
  text: string;
  marked: boolean;
}

/** `text` cut at every occurrence of one of `terms` (case-insensitive, longest term first). */
export function markedParts(text: string, terms: readonly string[]): TextPart[] {
  const wanted = [...new Set(terms.filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return [{ text, marked: false }];
  const lower = text.toLowerCase();
  const parts: TextPart[] = [];
  let plain = '';
  for (let i = 0; i < text.length;) {
    const term = wanted.find((t) => lower.startsWith(t, i));
    if (term) {
      if (plain) parts.push({ text: plain, marked: false });
      plain = '';
      parts.push({ text: text.slice(i, i + term.length), marked: true });
      i += term.length;
    } else {
      plain += text[i];
      i += 1;
    }
  }
  if (plain) parts.push({ text: plain, marked: false });
  return parts;
}

export function Marked({ text, terms }: { text: string; terms: readonly string[] }) {
  return <>{markedParts(text, terms).map((p, i) => (p.marked ? <mark key={i}>{p.text}</mark> : p.text))}</>;
}
