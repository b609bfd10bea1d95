export { openNative, NativeRowParser } from './reader.js';
export { writeNative, formatRow, type WriteResult } from './writer.js';
export type { WriteSource, EventSource } from '../event-source.js';
export { NATIVE_HEADER } from './format.js';
