// The synthetic market generator: one entry point for commands and services.
export { synthMarket, type SynthMarket, type SynthEvents } from './synth-market.js';
export { SYNTH_DEFAULTS, resolveSynthOptions, type SynthOptions, type ResolvedSynthOptions } from './options.js';
