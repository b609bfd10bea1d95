export { openVtb } from './reader.js';
export { writeVtb, type VtbWriteResult } from './writer.js';
export { replayVtbBook, type ReplayOptions } from './replay.js';
export { readVtbHeader, type VtbHeader, type VtbBlock } from './header.js';
export { VTB_MAGIC, VTB_VERSION, VTB_BLOCK_EVENTS } from './format.js';
