import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli, type CliResult } from './support/run-cli.js';

/**
 * `vtrade report --html` end to end: a real backtest, the report made from its folder, and the
 * page rendered by a real browser (headless Chromium), whose DOM and screenshot are checked.
 */

const CHROMIUM = '/usr/bin/chromium';
const SYNTH = 'fixtures/synth/syn-seed42-5min.csv.gz';
const MM = 'fixtures/strategies/market-maker.ts';

const vtrade = (args: string[]): CliResult => runCli(args, { env: { VTRADE_FROM_SOURCE: '1' } });

interface RunReportJson {
  pnl: { start_equity: string; end_equity: string; pnl: string; fees: string };
  counters: { fills: number };
  kpis: { sharpe: number; max_drawdown: number };
  first_ts: string;
  last_ts: string;
}

interface ReportJson {
  equity_source: string;
  samples: number;
  first_ts: string;
  last_ts: string;
  money: { start_equity: string; end_equity: string; pnl: string; fees: string };
  fills: number;
  kpis: { sharpe: number | string | null; max_drawdown: number | null };
  monthly: { month: string }[];
  trades: { count: number; pnl: string };
}

/** Runs headless Chromium; fails with its output when it does not exit cleanly. */
function chromium(args: string[], profile: string): string {
  const r = spawnSync(CHROMIUM, ['--headless=new', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--user-data-dir=${profile}`, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 90_000,
  });
  expect(r.error, String(r.error)).toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** Calendar months (UTC) from the first to the last timestamp, as 'YYYY-MM'. */
function monthsSpanned(firstNs: string, lastNs: string): string[] {
  const a = new Date(Number(BigInt(firstNs) / 1_000_000n));
  const b = new Date(Number(BigInt(lastNs) / 1_000_000n));
  const out: string[] = [];
  for (let y = a.getUTCFullYear(), m = a.getUTCMonth(); y < b.getUTCFullYear() || (y === b.getUTCFullYear() && m <= b.getUTCMonth()); m === 11 ? (y++, (m = 0)) : m++) {
    out.push(`${y}-${String(m + 1).padStart(2, '0')}`);
  }
  return out;
}

/** The opening tag of the first element matching `re` in the DOM text. */
function tag(dom: string, re: RegExp): string {
  const m = re.exec(dom);
  expect(m, `no element matching ${re}`).not.toBeNull();
  return m![0];
}

describe('vtrade report --html in a real browser', () => {
  it('renders the four charts with their labels and the figures of report.json', () => {
    // A missing browser is a failure, never a silent skip.
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: this test renders the report in a real browser. Install it: apt-get update && apt-get install -y chromium`).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'vtrade-report-html-'));
    const run = join(dir, 'run');
    const bt = vtrade(['backtest', '--data', SYNTH, '--strategy', MM, '--out', run]);
    expect(bt.code, bt.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(run, 'report.json'), 'utf8')) as RunReportJson;

    const html = join(dir, 'report.html');
    const r = vtrade(['report', run, '--html', html, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as ReportJson;
    expect(json.money.pnl).toBe(report.pnl.pnl);
    expect(json.money.start_equity).toBe(report.pnl.start_equity);
    expect(json.money.end_equity).toBe(report.pnl.end_equity);
    expect(json.fills).toBe(report.counters.fills);
    if (existsSync(join(run, 'equity.csv'))) {
      // Every NAV sample: the same returns report.json's KPIs were computed from.
      const rows = readFileSync(join(run, 'equity.csv'), 'utf8').trimEnd().split('\n').length - 1;
      expect(json.equity_source).toBe('equity.csv');
      expect(json.samples).toBe(rows);
      expect(Number(json.kpis.sharpe)).toBeCloseTo(report.kpis.sharpe, 6);
      expect(json.kpis.max_drawdown).toBeCloseTo(report.kpis.max_drawdown, 12);
    } else {
      expect(json.equity_source).toBe('report.json');
      expect(json.samples).toBe(2);
    }
    // Without equity.csv the curve falls back to report.json's start and end.
    const bare = join(dir, 'bare-run');
    cpSync(run, bare, { recursive: true });
    rmSync(join(bare, 'equity.csv'), { force: true });
    const fallback = JSON.parse(vtrade(['report', bare, '--json']).stdout) as ReportJson;
    expect(fallback).toMatchObject({ equity_source: 'report.json', samples: 2, first_ts: report.first_ts, last_ts: report.last_ts });
    const [start, end] = [Number(report.pnl.start_equity), Number(report.pnl.end_equity)];
    expect(fallback.kpis.max_drawdown).toBeCloseTo(end < start ? 1 - end / start : 0, 12);

    // One self-contained file: nothing to fetch.
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|\ssrc=|\shref=/i);
    expect(page.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    expect([...page.matchAll(/url\(([^)]*)\)/g)].every((m) => m[1].startsWith('#'))).toBe(true);

    const profile = join(dir, 'chromium-profile');
    const dom = chromium(['--dump-dom', pathToFileURL(html).href], profile);
    expect(dom).toMatch(/<title>vtrade report: run [^<]+<\/title>/);

    const charts = [
      ['equity-chart', /^Equity curve in USD over \d+ samples with drawdowns shaded/],
      ['heatmap', /^Monthly returns heatmap: /],
      ['donut-chart', /^Allocation donuts at the end/],
      ['fills-chart', new RegExp(`^Fills over price for SYN: ${report.counters.fills} fills`)],
    ] as const;
    const svgs = [...dom.matchAll(/<svg\b[^>]*>[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(4);
    for (const [cls, label] of charts) {
      const svg = svgs.find((s) => s.startsWith('<svg') && tag(s, /^<svg[^>]*>/).includes(`chart ${cls}"`));
      expect(svg, `no svg of class ${cls}`).toBeDefined();
      const open = tag(svg!, /^<svg[^>]*>/);
      expect(open).toContain('role="img"');
      expect(/aria-label="([^"]*)"/.exec(open)?.[1]).toMatch(label);
      expect(svg).toMatch(/^<svg[^>]*><title>[^<]+<\/title>/);
    }
    // A data table behind every chart.
    expect(dom.match(/<details class="data-table"/g)).toHaveLength(4);

    // Key figures in the DOM are report.json's.
    expect(tag(dom, /<dd data-figure="pnl"[^>]*>/)).toContain(`data-value="${report.pnl.pnl}"`);
    expect(tag(dom, /<dd data-figure="fills"[^>]*>/)).toContain(`data-value="${report.counters.fills}"`);
    expect(tag(dom, /<dd data-figure="fees"[^>]*>/)).toContain(`data-value="${report.pnl.fees}"`);
    expect(dom).toMatch(new RegExp(`<dd data-figure="pnl"[^>]*>\\+?${report.pnl.pnl.replace('.', '\\.')} USD</dd>`));

    // The heatmap: twelve cells for each year of the run, a value in every month it spans.
    const months = monthsSpanned(report.first_ts, report.last_ts);
    const years = new Set(months.map((m) => m.slice(0, 4)));
    expect(dom.match(/class="heat-cell"/g)).toHaveLength(12 * years.size);
    expect([...dom.matchAll(/class="heat-cell" data-month="([\d-]+)" data-return=/g)].map((m) => m[1])).toEqual(months);
    expect(json.monthly.map((m) => m.month)).toEqual(months);

    // Buys and sells both marked, by shape class and legend words.
    expect(dom).toMatch(/class="fill-marker buy"/);
    expect(dom).toMatch(/class="fill-marker sell"/);

    // The screenshot is an artefact of the run, kept beside the report.
    const png = join(dir, 'report.png');
    chromium([`--screenshot=${png}`, '--window-size=1280,2000', pathToFileURL(html).href], profile);
    expect(existsSync(png)).toBe(true);
    expect(readFileSync(png).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(statSync(png).size).toBeGreaterThan(60 * 1024);
    process.stderr.write(`report screenshot: ${png}\n`);
  });
});
