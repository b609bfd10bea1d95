/**
 * Text made safe for XML 1.0. Characters XML cannot carry at all (most C0 controls, lone
 * surrogates, U+FFFE/U+FFFF) are dropped, and so are DEL and the C1 controls, which XML allows but
 * which only garble a report. Tab, line feed and carriage return survive: in attribute values
 * they become character references, since a parser would otherwise fold them into spaces.
 */

// Everything outside XML's Char production, plus DEL and C1 (U+007F-U+009F).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripInvalidXml(text: string): string {
  return text.replace(NOT_XML, '');
}

const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTR_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Character data between tags. `>` is escaped too, so "]]>" can never appear. */
export function xmlText(text: string): string {
  return stripInvalidXml(text).replace(/[&<>]/g, (c) => TEXT_ENTITIES[c]);
}

/** An attribute value for either quote style, whitespace preserved exactly. */
export function xmlAttr(text: string): string {
  return stripInvalidXml(text).replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ENTITIES[c]);
}
