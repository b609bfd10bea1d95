/**
 * Colours come only from here: Ink's own colours ignore NO_COLOR, so the app decides. The palette
 * is Okabe-Ito (safe for the common colour-vision deficiencies): blue for bids and buys, orange
 * for asks and sells. Colour is never the only signal: every up/down also carries ▲/▼ or +/−,
 * and sides carry their names.
 */
export type Role = 'bid' | 'ask' | 'up' | 'down' | 'accent' | 'warn' | 'muted' | 'own' | 'title';

const PALETTE: Record<Role, string> = {
  bid: '#0072B2',
  ask: '#E69F00',
  up: '#0072B2',
  down: '#E69F00',
  accent: '#56B4E9',
  warn: '#D55E00',
  muted: 'gray',
  own: '#CC79A7',
  title: '#56B4E9',
};

export interface Theme {
  readonly colour: boolean;
  /** The colour for a role, or undefined with colour off. */
  c(role: Role): string | undefined;
}

export function makeTheme(colour: boolean): Theme {
  return { colour, c: (role) => (colour ? PALETTE[role] : undefined) };
}

/** Colour on a terminal unless NO_COLOR (any non-empty value), TERM=dumb or --no-color says otherwise. */
export function colourWanted(env: NodeJS.ProcessEnv, argv: readonly string[], isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  if (argv.includes('--no-color')) return false;
  return isTTY;
}
