import type { ToolDef } from '../tool-kit.js';
import { backtestTools } from './backtest.js';
import { marketTools } from './market.js';
import { orderTools } from './orders.js';
import { portfolioTools } from './portfolio.js';
import { researchTools } from './research.js';
import { riskTools } from './risk.js';
import { screeningTools } from './screening.js';
import { technicalTools } from './technical.js';

/** Every tool the analyst has, by group. None of them approves or executes an order. */
export const ALL_TOOLS: readonly ToolDef[] = [
  ...portfolioTools,
  ...riskTools,
  ...marketTools,
  ...technicalTools,
  ...screeningTools,
  ...researchTools,
  ...backtestTools,
  ...orderTools,
];

export function toolMap(tools: readonly ToolDef[] = ALL_TOOLS): Map<string, ToolDef> {
  return new Map(tools.map((t) => [t.name, t]));
}
