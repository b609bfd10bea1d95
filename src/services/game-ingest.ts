import { Decimal } from 'decimal.js';
import { resolveSetting } from '../config/settings.js';
import { readSectors } from '../data/sectors.js';
import { checkFill } from '../game/classroom.js';
import type { FillEvent, GameEffect, GameEvent, NavEvent } from '../game/events.js';
import { boardKey, cohortScope, GLOBAL, PERIODS, scoreOfStanding, type Leaderboard, type Standing } from '../game/leaderboard.js';
import { advance, applyEvent } from '../game/machine.js';
import { initialState, type PlayerState } from '../game/state.js';
import { bookedFillByEvent, bookedFillsAfter, type BookedFillRow } from '../store/booked-fills.js';
import type { Db } from '../store/database.js';
import { classesOf, hasViolations, recordViolation } from '../store/classes.js';
import { changesSince, getMeta, getStanding, journal, journalEvent, loadPlayer, putStanding, savePlayer, setMeta } from '../store/game.js';
import { SqliteLeaderboard } from '../store/leaderboard-sqlite.js';
import { creditReward, externalFlows } from '../store/rewards.js';
import { summariseAccount } from './account-summary.js';
import { failpoint } from './failpoint.js';

const Money = Decimal.clone({ precision: 80 });
const FILLS_CURSOR = 'fills_cursor';

export interface IngestOptions {
  /** Sector of a symbol when its instrument does not say; default: the CSV named by VTRADE_SECTORS or config "sectors". */
  sectorOf?: (symbol: string) => string | undefined;
  /** Fills per transaction. */
  batch?: number;
  /** Extra leaderboards (Redis) to bring up to date after the embedded one. */
  boards?: Leaderboard[];
}

export interface GameSummary {
  events: number;
  xp: number;
  /** Each XP gain with its reason, in the order earned (see game/xp-explain.ts for the words). */
  xpItems: { amount: number; reason: string }[];
  badges: string[];
  missionsCompleted: string[];
  rewardsCredited: number;
  levelUps: number[];
}

/** Per-fill facts the game needs beyond the event itself: for class rules. */
interface FillContext {
  runData: { sha256: string }[];
  cashAfter: string;
}

/**
 * Applies everything new since the last ingest: fills booked after the stored cursor become fill
 * events, each account that traded gets a NAV snapshot, rewards are credited through the ledger,
 * standings and the embedded leaderboard move. Each batch is one transaction with the cursor, and
 * every event id is journaled once, so a second ingest (or one cut short and rerun) changes nothing.
 */
export async function ingestGame(db: Db, opts: IngestOptions = {}): Promise<GameSummary> {
  const sectorOf = opts.sectorOf ?? defaultSectorLookup();
  const summary = emptySummary();
  const batch = opts.batch ?? 2_000;
  const touched: Touched = new Map();
  for (;;) {
    const cursor = Number(getMeta(db, FILLS_CURSOR) ?? '0');
    const rows = bookedFillsAfter(db, cursor, batch);
    if (rows.length === 0) break;
    db.transaction(() => {
      const players = new PlayerCache(db);
      const batchTouched: Touched = new Map();
      for (const r of rows) applyFillRow(db, players, r, sectorOf, summary, batchTouched);
      players.flush();
      setMeta(db, FILLS_CURSOR, String(rows[rows.length - 1].id));
      // The NAV snapshots these fills call for are owed from now on, whatever happens to this process.
      owePending(db, batchTouched);
    }).immediate();
  }
  if (summary.events > 0) failpoint('game-fills-taken');
  for (const [id, t] of pendingNav(db)) touched.set(id, t);
  applyNavSnapshots(db, touched, summary);
  await syncLeaderboard(db, new SqliteLeaderboard(db));
  for (const b of opts.boards ?? []) await syncLeaderboard(db, b);
  return summary;
}

export interface ScoredFills {
  /** Fills of the list taken in order: applied now, or applied before. */
  taken: number;
  /** Of those, the fills applied now. */
  applied: number;
  /** The first fill of the list not booked yet: it and what follows wait. */
  pending?: string;
  summary: GameSummary;
}

/**
 * Applies booked fills named by their event ids (run:<run>:fill:<seq>), in the given order, as
 * the missions worker receives them from the fills topic; stops at the first fill the books do
 * not hold yet (the portfolio worker has not booked it). The same journal as the ingest keeps
 * each fill to one application, whichever of the two meets it first. One transaction, with a
 * NAV snapshot per account that moved.
 */
export function scoreBookedFills(db: Db, eventIds: readonly string[], opts: Pick<IngestOptions, 'sectorOf'> = {}): ScoredFills {
  const sectorOf = opts.sectorOf ?? defaultSectorLookup();
  const summary = emptySummary();
  return db
    .transaction((): ScoredFills => {
      const players = new PlayerCache(db);
      const touched: Touched = new Map();
      let taken = 0;
      let applied = 0;
      let pending: string | undefined;
      for (const id of eventIds) {
        const row = bookedFillByEvent(db, id);
        if (!row) {
          pending = id;
          break;
        }
        if (applyFillRow(db, players, row, sectorOf, summary, touched)) applied++;
        taken++;
      }
      players.flush();
      applyNavSnapshots(db, touched, summary);
      return { taken, applied, pending, summary };
    })
    .immediate();
}

/** Accounts whose fills were applied: their last fill row and the latest time, for the NAV snapshot after. */
type Touched = Map<number, { account: string; lastFillId: number; at: number }>;

/** One booked fill as a game event, applied inside the caller's transaction (once per event id). */
function applyFillRow(db: Db, players: PlayerCache, r: BookedFillRow, sectorOf: (symbol: string) => string | undefined, summary: GameSummary, touched: Touched): boolean {
  const spec = r.instrument_json ? (JSON.parse(r.instrument_json) as { assetClass?: string; sector?: string }) : {};
  const assetClass = spec.assetClass ?? 'other';
  const sector = spec.sector ?? sectorOf(r.symbol) ?? (assetClass === 'crypto' ? 'Crypto' : undefined);
  const e: FillEvent = {
    kind: 'fill',
    id: r.event_id,
    account: r.account,
    // A live fill is dated when it was booked; a replayed one when its run started (its own time is the recording's).
    at: Date.parse(r.booked_at ?? r.run_created_at),
    symbol: r.symbol,
    assetClass,
    ...(sector ? { sector } : {}),
    side: r.side,
    price: r.price,
    qty: r.qty,
    fee: r.fee,
  };
  const ctx = { runData: JSON.parse(r.data_json) as { sha256: string }[], cashAfter: r.cash_after ?? '0' };
  if (!applyOne(db, players, r.account_id, e, summary, ctx)) return false;
  const prev = touched.get(r.account_id);
  touched.set(r.account_id, { account: r.account, lastFillId: r.id, at: Math.max(e.at, prev?.at ?? 0) });
  return true;
}

/** One NAV snapshot per account that traded, after all its new fills (and rewards). */
function applyNavSnapshots(db: Db, touched: Touched, summary: GameSummary): void {
  for (const [accountId, t] of touched) {
    db.transaction(() => {
      const players = new PlayerCache(db);
      const nav = navEvent(db, accountId, t.account, `nav:${accountId}:fill:${t.lastFillId}`, t.at);
      applyOne(db, players, accountId, nav, summary);
      players.flush();
      const owed = pendingNav(db);
      if (owed.get(accountId)?.lastFillId === t.lastFillId) {
        owed.delete(accountId);
        setMeta(db, NAV_PENDING, JSON.stringify([...owed]));
      }
    }).immediate();
  }
}

/**
 * NAV snapshots owed for fills already taken: kept with the fills cursor, so a process killed
 * between taking fills and snapshotting the account leaves the snapshot to the next ingest
 * (missions that judge the account's NAV would otherwise never see those fills).
 */
const NAV_PENDING = 'nav_pending';

function pendingNav(db: Db): Touched {
  const text = getMeta(db, NAV_PENDING);
  return new Map(text ? (JSON.parse(text) as [number, { account: string; lastFillId: number; at: number }][]) : []);
}

function owePending(db: Db, touched: Touched): void {
  if (touched.size === 0) return;
  const owed = pendingNav(db);
  for (const [id, t] of touched) {
    const prev = owed.get(id);
    owed.set(id, { account: t.account, lastFillId: t.lastFillId, at: Math.max(t.at, prev?.at ?? 0) });
  }
  setMeta(db, NAV_PENDING, JSON.stringify([...owed]));
}

/**
 * Runs the ingest at the end of a paper replay. The fills are booked already; whatever goes
 * wrong in the game must not fail the replay, so an error is reported as a warning and the next
 * ingest picks up from the stored cursor.
 */
export async function ingestAfterRun(db: Db): Promise<void> {
  try {
    await ingestGame(db);
  } catch (err) {
    process.stderr.write(`warning: game progress not updated (${(err as Error).message}); it catches up on the next run\n`);
  }
}

/** Records a quiz answer or a login and applies it; null when that event id was applied before. */
export function recordGameEvent(db: Db, accountId: number, e: GameEvent): GameSummary | null {
  return db
    .transaction(() => {
      const players = new PlayerCache(db);
      const summary = emptySummary();
      if (!applyOne(db, players, accountId, e, summary)) return null;
      players.flush();
      return summary;
    })
    .immediate();
}

/** A player's state as of `now`, without saving anything (viewing is not an event). */
export function viewPlayer(db: Db, accountId: number, name: string, now: number): PlayerState {
  return advance(loadPlayer(db, accountId, name), now).state;
}

/** Folds the account's journal from the start: the state any replay of its events arrives at. */
export function rebuildPlayer(db: Db, accountId: number, name: string): PlayerState {
  let s = initialState(name);
  for (const e of journal(db, accountId)) s = applyEvent(s, e).state;
  return s;
}

/** Brings a leaderboard store up to date with the standings, from the last change it applied. */
export async function syncLeaderboard(db: Db, board: Leaderboard): Promise<number> {
  let applied = 0;
  for (;;) {
    const { changes, last } = changesSince(db, await board.cursor());
    if (changes.length === 0) return applied;
    await board.apply(changes, last);
    applied += changes.length;
  }
}

/** The account's current NAV as an event: equity marked at last prices, external flows to date. */
export function navEvent(db: Db, accountId: number, name: string, id: string, at: number): NavEvent {
  const s = summariseAccount(db, { id: accountId, name, currency: '', created_at: '' });
  return { kind: 'nav', id, account: name, at, equity: s.equity, flows: externalFlows(db, accountId) };
}

class PlayerCache {
  private readonly states = new Map<number, PlayerState>();
  private readonly classes = new Map<number, ReturnType<typeof classesOf>>();
  constructor(private readonly db: Db) {}
  classesOf(accountId: number): ReturnType<typeof classesOf> {
    let c = this.classes.get(accountId);
    if (!c) this.classes.set(accountId, (c = classesOf(this.db, accountId)));
    return c;
  }
  get(accountId: number, name: string): PlayerState {
    let s = this.states.get(accountId);
    if (!s) this.states.set(accountId, (s = loadPlayer(this.db, accountId, name)));
    return s;
  }
  set(accountId: number, s: PlayerState): void {
    this.states.set(accountId, s);
  }
  flush(): void {
    for (const [id, s] of this.states) savePlayer(this.db, id, s);
  }
}

function emptySummary(): GameSummary {
  return { events: 0, xp: 0, xpItems: [], badges: [], missionsCompleted: [], rewardsCredited: 0, levelUps: [] };
}

/** Journals and applies one event inside the caller's transaction. False when it was applied before. */
function applyOne(db: Db, players: PlayerCache, accountId: number, e: GameEvent, summary: GameSummary, ctx?: FillContext): boolean {
  if (!journalEvent(db, accountId, e)) return false;
  const before = players.get(accountId, e.account);
  const step = applyEvent(before, e);
  players.set(accountId, step.state);
  summary.events++;
  for (const fx of step.effects) collect(db, accountId, step.state, fx, summary);
  if (e.kind === 'fill' || e.kind === 'nav') moveStandings(db, players.classesOf(accountId), accountId, e, before, step.state, ctx);
  return true;
}

function collect(db: Db, accountId: number, s: PlayerState, fx: GameEffect, summary: GameSummary): void {
  switch (fx.kind) {
    case 'xp':
      summary.xp += fx.amount;
      summary.xpItems.push({ amount: fx.amount, reason: fx.reason });
      break;
    case 'badge':
      summary.badges.push(fx.id);
      break;
    case 'level':
      summary.levelUps.push(fx.level);
      break;
    case 'mission':
      if (fx.status === 'completed') summary.missionsCompleted.push(fx.id);
      break;
    case 'cash':
      if (creditReward(db, { accountId, eventId: `reward:${accountId}:${fx.rewardId}`, amount: fx.amount, memo: fx.memo, tsNs: (BigInt(s.clock) * 1_000_000n).toString() })) {
        summary.rewardsCredited++;
      }
      break;
  }
}

const pnlOf = (nav: { equity: string; flows: string }) => new Money(nav.equity).minus(nav.flows).toFixed();

/**
 * Moves the account's standings in every board the event falls in: the global scope and each
 * class it belongs to (fills on the class scenario only; other fills break the class rules).
 */
function moveStandings(db: Db, classes: ReturnType<typeof classesOf>, accountId: number, e: FillEvent | NavEvent, before: PlayerState, after: PlayerState, ctx?: FillContext): void {
  const at = after.clock;
  // Where a new period starts from: the last NAV before this event, or the money paid in so far.
  const opening = (): { nav: string; pnl: string } => {
    if (before.nav) return { nav: before.nav.equity, pnl: pnlOf(before.nav) };
    const flows = externalFlows(db, accountId);
    return { nav: flows, pnl: '0' };
  };
  const scopes: { scope: string; base?: { nav: string; pnl: string }; dq: boolean; minTrades?: number }[] = [{ scope: GLOBAL, dq: false }];
  for (const c of classes) {
    if (c.member.joinedAtMs > at) continue;
    if (e.kind === 'fill' && ctx) {
      const onScenario = sameData(ctx.runData, c.scenario);
      const holding = after.holdings[e.symbol];
      const violations = checkFill(c.rules, { symbol: e.symbol, side: e.side, price: e.price, positionAfter: holding?.qty ?? '0', cashAfter: ctx.cashAfter, onScenario });
      for (const v of violations) recordViolation(db, { className: c.name, accountId, eventId: e.id, rule: v.rule, detail: v.detail, atMs: at });
      if (!onScenario) continue; // off-scenario fills do not count as class trades
    }
    const base = { nav: c.member.baseEquity, pnl: new Money(c.member.baseEquity).minus(c.member.baseFlows).toFixed() };
    scopes.push({ scope: cohortScope(c.name), base, dq: hasViolations(db, c.name, accountId), minTrades: c.rules.minTrades });
  }
  for (const sc of scopes) {
    for (const period of PERIODS) {
      const board = boardKey(sc.scope, period, at);
      let s: Standing | undefined = getStanding(db, board, accountId);
      if (!s) {
        const base = period === 'all' && sc.base ? sc.base : opening();
        s = { baseNav: base.nav, basePnl: base.pnl, pnl: base.pnl, trades: 0 };
      }
      if (e.kind === 'fill') s.trades++;
      else s.pnl = pnlOf(e);
      const min = period === 'all' && sc.minTrades !== undefined ? sc.minTrades : undefined;
      putStanding(db, board, accountId, s, scoreOfStanding(s, period, sc.dq, min));
    }
  }
}

function sameData(run: { sha256: string }[], scenario: { sha256: string }[]): boolean {
  const a = run.map((d) => d.sha256).sort();
  const b = scenario.map((d) => d.sha256).sort();
  return a.length === b.length && a.every((h, i) => h === b[i]);
}

let sectorCache: { path: string; map: Map<string, string> } | undefined;
function defaultSectorLookup(): (symbol: string) => string | undefined {
  const path = resolveSetting<string | undefined>(undefined, 'VTRADE_SECTORS', 'sectors', undefined, (s) => s);
  if (!path) return () => undefined;
  if (sectorCache?.path !== path) sectorCache = { path, map: readSectors(path) };
  const map = sectorCache.map;
  return (symbol) => map.get(symbol.toUpperCase());
}
