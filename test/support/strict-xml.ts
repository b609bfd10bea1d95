/**
 * A small strict XML 1.0 reader for tests: enough of the grammar to reject anything a real
 * parser would (unbalanced or crossed tags, duplicate attributes, a raw `<` or stray `&`,
 * undefined entities, characters XML forbids, text outside the root) and to hand back the tree
 * with entities decoded, so escaped text can be compared with what went in.
 * No DTDs, CDATA sections or processing instructions other than the XML declaration.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data, decoded. */
  text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const SPACE = /[ \t\r\n]*/y;
const INVALID_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(doc: string): XmlElement {
  const bad = INVALID_CHAR.exec(doc);
  if (bad) throw new Error(`character U+${bad[0].charCodeAt(0).toString(16)} at ${bad.index} is not allowed in XML`);
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at offset ${i}: ${JSON.stringify(doc.slice(i, i + 40))}`);
  };
  const skipSpace = () => {
    SPACE.lastIndex = i;
    SPACE.exec(doc);
    i = SPACE.lastIndex;
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(doc);
    if (!m) fail('expected a name');
    i = NAME.lastIndex;
    return m![0];
  };
  /** Decodes entity and character references; a `&` that starts neither is an error. */
  const decode = (raw: string): string =>
    raw.replace(/&([^;&]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) return fail(`unterminated reference ${whole}`);
      if (Object.hasOwn(PREDEFINED, ref)) return PREDEFINED[ref];
      const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
      if (!num) return fail(`undefined entity &${ref};`);
      const code = num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2], 10);
      const ch = String.fromCodePoint(code);
      if (INVALID_CHAR.test(ch) || (code >= 0xd800 && code <= 0xdfff)) fail(`reference to a character XML forbids: &${ref};`);
      return ch;
    });
  const attrValue = (): string => {
    const quote = doc[i];
    if (quote !== '"' && quote !== "'") fail('expected a quoted attribute value');
    const end = doc.indexOf(quote, i + 1);
    if (end < 0) fail('unterminated attribute value');
    const raw = doc.slice(i + 1, end);
    if (raw.includes('<')) fail('raw < in an attribute value');
    i = end + 1;
    // Attribute-value normalisation: literal whitespace becomes a space, references survive.
    return decode(raw.replace(/[\t\n\r]/g, ' '));
  };
  const element = (): XmlElement => {
    if (doc[i] !== '<') fail('expected <');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (doc.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (doc[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const key = name();
      if (Object.hasOwn(el.attrs, key)) fail(`duplicate attribute ${key}`);
      skipSpace();
      if (doc[i] !== '=') fail('expected =');
      i++;
      skipSpace();
      el.attrs[key] = attrValue();
    }
    for (;;) {
      const lt = doc.indexOf('<', i);
      if (lt < 0) fail(`unclosed <${el.name}>`);
      const raw = doc.slice(i, lt);
      if (raw.includes(']]>')) fail(']]> in character data');
      el.text += decode(raw);
      i = lt;
      if (doc.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        skipSpace();
        if (doc[i] !== '>') fail('expected >');
        i++;
        return el;
      }
      if (doc.startsWith('<!--', i)) {
        const end = doc.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
        continue;
      }
      el.children.push(element());
    }
  };

  if (doc.startsWith('<?xml')) {
    const end = doc.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    const decl = doc.slice(0, end + 2);
    if (!/^<\?xml version="1\.[0-9]+"( encoding="[A-Za-z][-A-Za-z0-9._]*")?( standalone="(yes|no)")? ?\?>$/.test(decl)) fail('malformed XML declaration');
    i = end + 2;
  }
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== doc.length) fail('content after the root element');
  return root;
}
