import { z } from 'zod';
import { markUntrusted } from '../sanitize.js';
import { defineTool, symbolField, ToolError, type ToolDef } from '../tool-kit.js';

/**
 * Research text is third-party: every free-text field is stripped and fenced as untrusted
 * before the model sees it. Structured fields (symbol, date, sector) come from vtrade's data.
 */
export const researchTools: ToolDef[] = [
  defineTool({
    name: 'company_profile',
    group: 'research',
    description: 'Company name, sector, sub-industry, headquarters, founding year, and a short description (third-party text, marked untrusted).',
    input: z.strictObject({ symbol: symbolField }),
    run: (ctx, i) => {
      const c = ctx.universe.company(i.symbol);
      const p = ctx.research.profile(i.symbol);
      if (!c && !p) throw new ToolError('not_found', `no profile for ${i.symbol}`, 'call list_symbols');
      return {
        symbol: i.symbol,
        name: c?.name ?? null,
        sector: c?.sector ?? null,
        sub_industry: c?.subIndustry ?? null,
        headquarters: c?.headquarters ?? null,
        founded: c?.founded ?? null,
        description: p ? markUntrusted('company-profile', p.description) : null,
        products: p ? p.products.map((x) => markUntrusted('company-profile', x)) : [],
      };
    },
  }),
  defineTool({
    name: 'news',
    group: 'research',
    description: 'Recent news headlines and summaries, for one symbol or all; newest first. Headlines and summaries are third-party text, marked untrusted.',
    input: z.strictObject({ symbol: symbolField.optional(), limit: z.number().int().min(1).max(20).default(5) }),
    run: (ctx, i) =>
      ctx.research.news(i.symbol, i.limit).map((n) => ({
        symbol: n.symbol,
        date: n.date,
        source: markUntrusted('news', n.source),
        headline: markUntrusted('news', n.headline),
        summary: markUntrusted('news', n.summary),
      })),
  }),
];
