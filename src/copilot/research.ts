import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';

export interface NewsItem {
  symbol: string;
  date: string;
  source: string;
  headline: string;
  summary: string;
}

export interface CompanyProfile {
  symbol: string;
  description: string;
  products: string[];
}

/** Where news and company descriptions come from. Their text is third-party: untrusted. */
export interface ResearchSource {
  news(symbol: string | undefined, limit: number): NewsItem[];
  profile(symbol: string): CompanyProfile | undefined;
}

const newsSchema = z.array(z.object({ symbol: z.string(), date: z.string(), source: z.string(), headline: z.string(), summary: z.string() }));
const profileSchema = z.array(z.object({ symbol: z.string(), description: z.string(), products: z.array(z.string()) }));

/** The research fixture: two JSON files (news.json, profiles.json) in one folder. */
export function loadResearchFixture(dir: string): ResearchSource {
  const read = <T>(file: string, schema: z.ZodType<T>): T => {
    const path = `${dir}/${file}`;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new InputError(path, undefined, undefined, `cannot read the research fixture (${(err as Error).message})`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new InputError(path, undefined, parsed.error.issues[0]?.path.join('.'), parsed.error.issues[0]?.message ?? 'invalid');
    return parsed.data;
  };
  return researchFrom(read('news.json', newsSchema), read('profiles.json', profileSchema));
}

export function researchFrom(news: NewsItem[], profiles: CompanyProfile[]): ResearchSource {
  const sorted = [...news].sort((a, b) => (a.date === b.date ? a.symbol.localeCompare(b.symbol) : b.date.localeCompare(a.date)));
  return {
    news: (symbol, limit) => sorted.filter((n) => symbol === undefined || n.symbol === symbol).slice(0, limit),
    profile: (symbol) => profiles.find((p) => p.symbol === symbol),
  };
}
