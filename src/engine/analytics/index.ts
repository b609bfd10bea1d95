// The KPI library in one import; each module keeps one concern.
export * from './numeric.js';
export * from './series.js';
export * from './stats.js';
export * from './quantile.js';
export * from './periods.js';
export * from './day-key.js';
export * from './end-of-day.js';
export * from './returns.js';
export * from './performance.js';
export * from './drawdown.js';
export * from './tail-risk.js';
export * from './benchmark.js';
export * from './monthly.js';
export * from './trades.js';
export * from './report-number.js';
export * from './kpis.js';
