import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveSetting } from '../config/settings.js';
import { UsageError } from '../errors.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface CopilotFlags {
  model?: string;
  maxTokens?: string;
  apiKey?: string;
  baseUrl?: string;
  offline?: boolean;
  sp500?: string;
  research?: string;
}

export interface CopilotSettings {
  model: string;
  maxTokens: number;
  /** undefined: no key anywhere, or --offline: the offline provider. */
  apiKey?: string;
  baseURL?: string;
  sp500Dir: string;
  researchDir: string;
}

export const DEFAULT_MODEL = 'claude-sonnet-5-5';

/**
 * flag > environment > config file ("copilot.*") > default. The API key and base URL use the
 * SDK's own variables, ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL.
 */
export function copilotSettings(f: CopilotFlags): CopilotSettings {
  const maxTokens = resolveSetting(f.maxTokens, 'VTRADE_COPILOT_MAX_TOKENS', 'copilot.maxTokens', '2048', String);
  const n = Number(maxTokens);
  if (!Number.isInteger(n) || n < 64 || n > 64_000) throw new UsageError(`--max-tokens "${maxTokens}" is not a token budget`, 'use a whole number from 64 to 64000');
  const apiKey = f.offline ? undefined : resolveSetting<string | undefined>(f.apiKey, 'ANTHROPIC_API_KEY', 'copilot.apiKey', undefined, String);
  const baseURL = resolveSetting<string | undefined>(f.baseUrl, 'ANTHROPIC_BASE_URL', 'copilot.baseURL', undefined, String);
  const dataDir = process.env.VTRADE_DATA_DIR ?? resolve(repoRoot, '../shared/data');
  return {
    model: resolveSetting(f.model, 'VTRADE_COPILOT_MODEL', 'copilot.model', DEFAULT_MODEL, String),
    maxTokens: n,
    apiKey: apiKey === '' ? undefined : apiKey,
    baseURL: baseURL === '' ? undefined : baseURL,
    sp500Dir: resolveSetting(f.sp500, 'VTRADE_SP500_DIR', 'copilot.sp500Dir', resolve(dataDir, 'sp500'), String),
    researchDir: resolveSetting(f.research, 'VTRADE_RESEARCH_DIR', 'copilot.researchDir', resolve(repoRoot, 'fixtures/copilot'), String),
  };
}
