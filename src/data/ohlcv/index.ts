export { openOhlcv, readOhlcv, type OhlcvBar, type OhlcvData } from './reader.js';
export { findSector, constituentFiles, type SectorMatch } from './sector.js';
export { closeInstantNs } from './close-time.js';
