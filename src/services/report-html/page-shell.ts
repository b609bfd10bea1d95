import { esc } from './svg.js';
import { REPORT_CSS } from './style.js';

/**
 * The frame every vtrade HTML page shares (a run's or account's report, a sweep's): one
 * self-contained document with the CSS inline and nothing to load, a header with the title and
 * a line under it, then the sections in order.
 */
export function htmlPage(title: string, subtitleHtml: string, sections: readonly string[]): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><p class="sub">${subtitleHtml}</p></header>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

/** A chart (or any figure) with its heading and a sentence on how to read it; `body` is its SVG and tables. */
export function figureSection(id: string, heading: string, what: string, body: string): string {
  return `<section aria-labelledby="${id}-h"><figure><figcaption><h2 id="${id}-h">${esc(heading)}</h2><p>${esc(what)}</p></figcaption>\n${body}</figure></section>`;
}
