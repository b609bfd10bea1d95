/** At most this many characters of one cell; the rest is cut with an ellipsis. */
const MAX_CELL_CHARS = 2000;

/**
 * Text safe inside a Markdown table cell: punctuation Markdown or HTML would act on is
 * backslash-escaped (`\|` keeps a pipe inside its cell), line breaks become spaces, and very
 * long text is cut so one cell cannot swamp a page.
 */
export function markdownCell(text: string): string {
  let flat = text;
  if (flat.length > MAX_CELL_CHARS) {
    // Never cut between the halves of a surrogate pair.
    const end = /[\uD800-\uDBFF]/.test(flat[MAX_CELL_CHARS - 1]) ? MAX_CELL_CHARS - 1 : MAX_CELL_CHARS;
    flat = flat.slice(0, end) + '…';
  }
  return flat.replace(/\r\n|\r|\n/g, ' ').replace(/[\\`*_[\]<>|~&#!]/g, (ch) => `\\${ch}`);
}
