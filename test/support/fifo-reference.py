#!/usr/bin/env python3
"""An independent exact-FIFO reference over a LOBSTER day, written apart from the engine.

Price-time priority by NASDAQ order id (ids rise through the day); the simulated order never
moves the market. A resting buy of `shares` at `price` (dollars x 10000) placed at `epoch_ns`
(after every message at or before that time):
  ahead = the orderbook row's size at its price (0 when absent);
  a sell added at or below its price fills it;
  a cancel/delete/execution at its price of an order with id <= the highest id seen before it
  moves it up; an execution of a later order fills it;
  an execution (visible or hidden) below its price fills it;
  a hidden execution at its price fills it when nothing is ahead;
  ahead never exceeds the row's size at its price while the price is within the N levels;
  once the price is outside the N levels every later fill is flagged.
Each fill is min(remaining, size). Prints [ahead on arrival, [[ns after midnight, shares, rule,
outside window], ...]].

usage: python3 test/support/fifo-reference.py 1340300411210314505 2221000 244 [zip]
"""
import bisect, csv, io, json, sys, zipfile

MIDNIGHT = 1340251200 * 10**9  # 2012-06-21 00:00 New York, epoch ns
ZIP = sys.argv[4] if len(sys.argv) > 4 else '../shared/data/lobster/LOBSTER_SampleFile_AMZN_2012-06-21_5.zip'


def ns(text):
    s, frac = text.split('.')
    return int(s) * 10**9 + int((frac + '000000000')[:9])


def main():
    t, price, shares = int(sys.argv[1]) - MIDNIGHT, int(sys.argv[2]), int(sys.argv[3])
    with zipfile.ZipFile(ZIP) as z:
        names = z.namelist()
        mname = next(n for n in names if '_message_' in n)
        bname = next(n for n in names if '_orderbook_' in n)
        msgs = [(ns(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[5])) for r in csv.reader(io.TextIOWrapper(z.open(mname)))]
        books = [list(map(int, r)) for r in csv.reader(io.TextIOWrapper(z.open(bname)))]
    levels = len(books[0]) // 4
    times = [m[0] for m in msgs]

    def size_at(row, p):
        for k in range(levels):
            if row[4 * k + 2] == p:
                return row[4 * k + 3]
        return 0

    def in_window(row, p):
        worst = row[4 * (levels - 1) + 2]
        return worst < 0 or p >= worst

    i = bisect.bisect_right(times, t) - 1
    last_id = max(m[2] for m in msgs[: i + 1])
    row = books[i]
    ahead = size_at(row, price)
    outside = not in_window(row, price)
    first_ahead, left, fills = ahead, shares, []
    for j in range(i + 1, len(msgs)):
        _, kind, oid, size, px, direction = msgs[j]
        n, rule = 0, None
        if kind == 1 and direction == -1 and px <= price:
            n, rule = min(left, size), 'opposite-add'
        elif direction == 1 and px == price and kind in (2, 3):
            if oid <= last_id:
                ahead = max(0, ahead - size)
        elif direction == 1 and px == price and kind == 4:
            if oid > last_id:
                n, rule = min(left, size), 'behind-exec'
            else:
                ahead = max(0, ahead - size)
        elif direction == 1 and px < price and kind in (4, 5):
            n, rule = min(left, size), 'through'
        elif direction == 1 and px == price and kind == 5 and ahead == 0:
            n, rule = min(left, size), 'hidden-at'
        if n > 0:
            left -= n
            fills.append([times[j], n, rule, outside])
        row = books[j]
        if not in_window(row, price):
            outside = True
        else:
            ahead = min(ahead, size_at(row, price))
        if left == 0:
            break
    print(json.dumps([first_ahead, fills]))


main()
