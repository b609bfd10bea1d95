/**
 * The database schema as a list of versioned steps. A database records the versions it has; a
 * newer vtrade applies the missing steps in order, each in one transaction. Never edit a
 * released step: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, runs, orders, fills, positions, ledger',
    sql: `
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        currency TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      -- One replay or live session trading an account. The starting state is kept so a resumed
      -- run replays from exactly where the first attempt began.
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        symbol TEXT NOT NULL,
        data_json TEXT NOT NULL,
        strategy_json TEXT NOT NULL,
        config_json TEXT NOT NULL,
        seed INTEGER NOT NULL,
        start_cash TEXT NOT NULL,
        start_position_lots INTEGER NOT NULL,
        start_cost_basis TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        fills INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE TABLE fills (
        id INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        run_id INTEGER NOT NULL REFERENCES runs(id),
        symbol TEXT NOT NULL,
        client_id TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        price TEXT NOT NULL,
        qty TEXT NOT NULL,
        notional TEXT NOT NULL,
        fee TEXT NOT NULL,
        liquidity TEXT NOT NULL,
        ts_ns TEXT NOT NULL
      );
      CREATE INDEX fills_account ON fills(account_id, id);
      CREATE TABLE positions (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        symbol TEXT NOT NULL,
        instrument_json TEXT NOT NULL,
        lots INTEGER NOT NULL,
        qty TEXT NOT NULL,
        cost_basis TEXT NOT NULL,
        realized TEXT NOT NULL,
        last_price TEXT,
        PRIMARY KEY (account_id, symbol)
      );
      -- Every movement of cash, typed, with the balance after it.
      CREATE TABLE ledger (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        event_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('deposit', 'withdrawal', 'trade_purchase', 'trade_sale', 'commission', 'borrow_fee', 'reward', 'adjustment')),
        amount TEXT NOT NULL,
        balance TEXT NOT NULL,
        ts_ns TEXT NOT NULL,
        memo TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX ledger_account ON ledger(account_id, id);
    `,
  },
  {
    version: 2,
    name: 'staged orders and used approval nonces',
    sql: `
      -- An order proposed in a conversation: inert until a person approves it with a keystroke.
      -- Only the order's own fields are kept; the words that proposed it are not.
      CREATE TABLE staged_orders (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        qty TEXT NOT NULL,
        order_type TEXT NOT NULL CHECK (order_type IN ('market', 'limit')),
        limit_price TEXT,
        tif TEXT NOT NULL CHECK (tif IN ('day', 'ioc')),
        origin TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('staged', 'executed', 'unfilled', 'cancelled')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        run_id INTEGER REFERENCES runs(id),
        fill_price TEXT,
        result TEXT
      );
      CREATE INDEX staged_orders_account ON staged_orders(account_id, id);
      -- Every approval nonce the executor has accepted: an approval works once.
      CREATE TABLE approval_nonces (
        nonce TEXT PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES staged_orders(id),
        used_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'game: event journal, players, standings, leaderboard, classes',
    sql: `
      -- Small named values: the fills cursor of the game ingest, the standings change counter.
      CREATE TABLE game_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      -- Every game event applied, once (the id is unique), in the order applied: folding this
      -- journal from the start rebuilds every player's state.
      CREATE TABLE game_events (
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        kind TEXT NOT NULL CHECK (kind IN ('fill', 'nav', 'quiz', 'login')),
        at_ms INTEGER NOT NULL,
        payload TEXT NOT NULL
      );
      CREATE INDEX game_events_account ON game_events(account_id, seq);
      CREATE TABLE game_players (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
        state TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL
      );
      -- One account in one leaderboard (scope and period bucket). seq grows with every change so
      -- leaderboard stores (SQLite, Redis) catch up from the last change they applied.
      CREATE TABLE game_standings (
        board TEXT NOT NULL,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        base_nav TEXT NOT NULL,
        base_pnl TEXT NOT NULL,
        pnl TEXT NOT NULL,
        trades INTEGER NOT NULL,
        score REAL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (board, account_id)
      );
      CREATE INDEX game_standings_seq ON game_standings(seq);
      -- The embedded leaderboard: ordered by (score, member) within a board.
      CREATE TABLE leaderboard_entries (
        board TEXT NOT NULL,
        member TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (board, member)
      ) WITHOUT ROWID;
      CREATE INDEX leaderboard_rank ON leaderboard_entries(board, score, member);
      CREATE TABLE leaderboard_cursor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        cursor INTEGER NOT NULL
      );
      CREATE TABLE classes (
        name TEXT PRIMARY KEY,
        scenario TEXT NOT NULL,
        rules TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE class_members (
        class_name TEXT NOT NULL REFERENCES classes(name),
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        joined_at_ms INTEGER NOT NULL,
        base_equity TEXT NOT NULL,
        base_flows TEXT NOT NULL,
        PRIMARY KEY (class_name, account_id)
      );
      CREATE TABLE class_violations (
        class_name TEXT NOT NULL REFERENCES classes(name),
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        event_id TEXT NOT NULL,
        rule TEXT NOT NULL,
        detail TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        PRIMARY KEY (class_name, account_id, event_id, rule)
      );
    `,
  },
  {
    version: 4,
    name: 'fill booking time; live worker bookkeeping',
    // IF NOT EXISTS: databases used by workers of an earlier version made these tables on first use.
    sql: `
      ALTER TABLE fills ADD COLUMN booked_at TEXT;
      CREATE TABLE IF NOT EXISTS live_exec_progress (
        lane TEXT PRIMARY KEY,
        fills_sent INTEGER NOT NULL,
        last_offset TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS live_streams (
        stream TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        run_id INTEGER NOT NULL REFERENCES runs(id)
      );
    `,
  },
  {
    version: 5,
    name: 'game: copilot events in the journal',
    // SQLite cannot change a CHECK constraint in place: the journal is copied into a table that
    // also admits 'copilot' events, keeping every row, its seq and so the order applied.
    sql: `
      CREATE TABLE game_events_v5 (
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        kind TEXT NOT NULL CHECK (kind IN ('fill', 'nav', 'quiz', 'login', 'copilot')),
        at_ms INTEGER NOT NULL,
        payload TEXT NOT NULL
      );
      INSERT INTO game_events_v5 (seq, event_id, account_id, kind, at_ms, payload)
        SELECT seq, event_id, account_id, kind, at_ms, payload FROM game_events ORDER BY seq;
      DROP TABLE game_events;
      ALTER TABLE game_events_v5 RENAME TO game_events;
      CREATE INDEX game_events_account ON game_events(account_id, seq);
    `,
  },
  {
    version: 6,
    name: "an account's markets: the book each instrument stood at when the account last traded it",
    sql: `
      -- One row per account and instrument: the book at the end of the account's latest run on
      -- it, with that run's data and time. Marks and approved staged orders use this, never
      -- research data, so every price an account sees is of the market it trades.
      CREATE TABLE account_markets (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        symbol TEXT NOT NULL,
        instrument_json TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        source TEXT NOT NULL,
        ts_ns TEXT NOT NULL,
        bids_json TEXT NOT NULL,
        asks_json TEXT NOT NULL,
        last_trade INTEGER,
        PRIMARY KEY (account_id, symbol)
      );
      -- Where and when a position's mark was taken.
      ALTER TABLE positions ADD COLUMN mark_ts_ns TEXT;
      ALTER TABLE positions ADD COLUMN mark_source TEXT;
    `,
  },
  {
    version: 7,
    name: 'the order a live run read its records in, across partitions',
    sql: `
      -- A live run over instruments on several partitions of a topic meets their records in an
      -- order no partition keeps: runs of consecutive records from one partition, first to last
      -- offset, in the order met. A resume reads them again in that order, so the engine makes
      -- the fills it made before.
      CREATE TABLE run_feed_order (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        seq INTEGER NOT NULL,
        partition INTEGER NOT NULL,
        from_offset TEXT NOT NULL,
        to_offset TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      );
    `,
  },
];
