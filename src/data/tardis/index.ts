export { openTardis } from './reader.js';
export { inferTardisInstrument, guessCurrency } from './infer.js';
export { tardisLayout, type TardisKind, type TardisLayout } from './layout.js';
