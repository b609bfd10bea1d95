"""
Reference point for vtrade's engine: the same fixed half-spread market maker run on the
hftbacktest package (PyPI) over one Binance USD-M raw recording.

  bash bench/hftbacktest/setup.sh
  .cache/hftbacktest-venv/bin/python bench/hftbacktest/mm_bench.py [recording.gz]

stdout: one JSON line
  {"engine","version","strategy","events","seconds","cpu_seconds","events_per_second","fills","position","runs"}
where events = rows of the converted feed and seconds = wall time of the backtest loop only,
the median of --runs timed runs (cpu_seconds: the process's CPU time over the loop, the median
too, steadier on a shared machine)
(conversion, data loading and JIT compilation are excluded; a warm-up run on a small slice
compiles the strategy first). Diagnostics (conversion and JIT times, row counts) go to stderr.

The converted feed is cached under <repo>/.cache/hftbacktest/, keyed by the recording's name,
size and mtime and the package version, so only the first run pays for conversion.
"""
import argparse
import contextlib
import gzip
import json
import os
import sys
import statistics
import time

T_START = time.perf_counter()

import numpy as np
from numba import njit

import hftbacktest
from hftbacktest import GTX, LIMIT, BUY, BacktestAsset, HashMapMarketDepthBacktest
from hftbacktest.data.utils import binancefutures

T_IMPORTED = time.perf_counter()

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
DEFAULT_DATA_DIR = os.environ.get('VTRADE_DATA_DIR', os.path.normpath(os.path.join(ROOT, '..', 'shared', 'data')))
DEFAULT_RECORDING = os.path.join(DEFAULT_DATA_DIR, 'binance', 'usdm', 'btcusdt_20240808.gz')
CACHE_DIR = os.path.join(ROOT, '.cache', 'hftbacktest')

# Rows of the warm-up slice: enough to pass the snapshot and trigger every code path
# (quotes, cancels, fills) so that the timed run compiles nothing.
WARMUP_ROWS = 50_000


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def cached_feed(recording):
    """Converted feed as a numpy event array; converts once and caches it as .npz."""
    st = os.stat(recording)
    stem = os.path.basename(recording).split('.')[0]
    key = f'{stem}-{st.st_size}-{int(st.st_mtime)}-hbt{hftbacktest.__version__}.npz'
    path = os.path.join(CACHE_DIR, key)
    if os.path.exists(path):
        with np.load(path) as npz:
            return npz['data'], None
    os.makedirs(CACHE_DIR, exist_ok=True)
    with gzip.open(recording, 'rb') as f:
        raw_bytes = sum(len(chunk) for chunk in iter(lambda: f.read(1 << 20), b''))
    # One row per price level; a level costs at least ~20 bytes of JSON, so this bounds the
    # row count without reserving the converter's default 100M rows (6.4 GB).
    buffer_rows = raw_bytes // 16 + 10_000
    t0 = time.perf_counter()
    # The converter reports its progress on stdout, which must carry only the result line.
    with contextlib.redirect_stdout(sys.stderr):
        data = binancefutures.convert(recording, buffer_size=buffer_rows)
    seconds = time.perf_counter() - t0
    tmp = path + '.tmp.npz'
    np.savez_compressed(tmp, data=data)
    os.replace(tmp, path)
    return data, seconds


def build(data, args):
    asset = (
        BacktestAsset()
        .data(data)
        .linear_asset(1.0)
        .constant_order_latency(args.latency_us * 1000, args.latency_us * 1000)
        .trading_value_fee_model(args.maker_fee, args.taker_fee)
        .tick_size(args.tick_size)
        .lot_size(args.lot_size)
        .last_trades_capacity(0)
    )
    if args.queue == 'risk-averse':
        asset = asset.risk_adverse_queue_model()
    else:
        asset = asset.power_prob_queue_model(3.0)
    if args.exchange == 'partial':
        asset = asset.partial_fill_exchange()
    else:
        asset = asset.no_partial_fill_exchange()
    return HashMapMarketDepthBacktest([asset])


@njit
def market_maker(hbt, half_spread_ticks, order_qty, max_position, requote_ns):
    """Quotes one bid and one ask at mid -/+ half spread, requoting every requote_ns.

    A side whose quote is at the wrong price is cancelled and re-entered on a later step once
    the cancel is acknowledged; a side stops quoting while the position is at its limit.
    """
    next_id = 1
    while hbt.elapse(requote_ns) == 0:
        hbt.clear_inactive_orders(0)
        depth = hbt.depth(0)
        bid = depth.best_bid
        ask = depth.best_ask
        # The book is empty (or one-sided) until the recording's snapshot has been applied.
        if not (np.isfinite(bid) and np.isfinite(ask)) or bid >= ask:
            continue
        tick = depth.tick_size
        mid = (bid + ask) / 2.0
        # Mid rounded outwards to the tick grid, then half_spread_ticks further out: with a
        # one-tick spread the quotes sit half_spread_ticks behind the best bid and ask.
        want_bid = np.int64(np.floor(mid / tick)) - half_spread_ticks
        want_ask = np.int64(np.ceil(mid / tick)) + half_spread_ticks
        position = hbt.position(0)
        quote_bid = position + order_qty <= max_position + 1e-9
        quote_ask = position - order_qty >= -max_position - 1e-9

        have_bid = False
        have_ask = False
        values = hbt.orders(0).values()
        while values.has_next():
            order = values.get()
            if order.side == BUY:
                keep = quote_bid and order.price_tick == want_bid
                have_bid = True
            else:
                keep = quote_ask and order.price_tick == want_ask
                have_ask = True
            if not keep and order.cancellable:
                hbt.cancel(0, order.order_id, False)

        if quote_bid and not have_bid:
            hbt.submit_buy_order(0, next_id, want_bid * tick, order_qty, GTX, LIMIT, False)
            next_id += 1
        if quote_ask and not have_ask:
            hbt.submit_sell_order(0, next_id, want_ask * tick, order_qty, GTX, LIMIT, False)
            next_id += 1

    state = hbt.state_values(0)
    return state.num_trades, state.position, state.balance, state.fee


@njit
def no_op(hbt, half_spread_ticks, order_qty, max_position, requote_ns):
    """The loop alone: steps through the recording as the market maker does, placing nothing."""
    while hbt.elapse(requote_ns) == 0:
        pass
    state = hbt.state_values(0)
    return state.num_trades, state.position, state.balance, state.fee


def run(data, args):
    """Returns the strategy's result, the loop's wall and CPU time and the time to build the backtest."""
    t_build = time.perf_counter()
    hbt = build(data, args)
    t0 = time.perf_counter()
    c0 = time.process_time()
    loop = no_op if args.strategy == 'noop' else market_maker
    result = loop(
        hbt, args.half_spread_ticks, args.order_qty, args.max_position, args.requote_ms * 1_000_000
    )
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    hbt.close()
    return result, (seconds, cpu), t0 - t_build


def count_lines(recording):
    with gzip.open(recording, 'rb') as f:
        return sum(1 for _ in f)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('recording', nargs='?', default=DEFAULT_RECORDING)
    p.add_argument('--half-spread-ticks', type=int, default=10)
    p.add_argument('--order-qty', type=float, default=0.01)
    p.add_argument('--max-position', type=float, default=0.1)
    p.add_argument('--requote-ms', type=int, default=100)
    p.add_argument('--latency-us', type=int, default=1000, help='order entry and response latency each')
    p.add_argument('--maker-fee', type=float, default=0.0002)
    p.add_argument('--taker-fee', type=float, default=0.0005)
    p.add_argument('--tick-size', type=float, default=0.1)
    p.add_argument('--lot-size', type=float, default=0.001)
    p.add_argument('--queue', choices=['risk-averse', 'power3'], default='risk-averse')
    p.add_argument('--exchange', choices=['no-partial', 'partial'], default='no-partial')
    p.add_argument('--strategy', choices=['mm', 'noop'], default='mm', help='the market maker, or the no-op loop')
    p.add_argument('--runs', type=int, default=5, help='timed runs after the warm-up; their median is reported')
    args = p.parse_args()

    log(f'import hftbacktest+numba: {T_IMPORTED - T_START:.2f} s')
    data, convert_s = cached_feed(args.recording)
    if convert_s is not None:
        log(f'converted {args.recording}: {count_lines(args.recording)} lines -> {len(data)} rows '
            f'in {convert_s:.2f} s')
    else:
        log(f'cached feed: {len(data)} rows')

    # The strategy's numba compilation happens on this first call; the slice is a contiguous
    # prefix, which the backtest reads in place.
    warm = np.ascontiguousarray(data[:WARMUP_ROWS])
    _, (warm_s, _), warm_build_s = run(warm, args)
    log(f'warm-up on {len(warm)} rows: build {warm_build_s:.2f} s, loop incl. JIT compile {warm_s:.2f} s')

    # Several timed runs, their median reported, as vtrade's side of the bench does: one run alone
    # is at the mercy of a moment's load on a shared machine.
    timings = []
    for _ in range(args.runs):
        (fills, position, balance, fee), timing, build_s = run(data, args)
        timings.append(timing)
        log(f'full run: build {build_s:.3f} s, loop {timing[0]:.3f} s (CPU {timing[1]:.3f} s); balance {balance:.4f} fee {fee:.4f}')
    seconds = statistics.median(t[0] for t in timings)
    cpu_seconds = statistics.median(t[1] for t in timings)
    print(json.dumps({
        'engine': 'hftbacktest',
        'version': hftbacktest.__version__,
        'strategy': args.strategy,
        'events': int(len(data)),
        'seconds': round(seconds, 6),
        'cpu_seconds': round(cpu_seconds, 6),
        'runs': args.runs,
        'events_per_second': round(len(data) / seconds, 1),
        'fills': int(fills),
        'position': round(float(position), 9),
    }))


if __name__ == '__main__':
    main()
