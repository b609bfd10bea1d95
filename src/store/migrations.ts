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
];
