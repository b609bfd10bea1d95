import { describe, expect, it } from 'vitest';
import { OfflineProvider } from '../copilot/provider/offline.js';
import { freshDb, session } from '../../test/support/copilot-fixtures.js';
import { journal } from '../store/game.js';
import { dbCopilotSource } from './copilot-source.js';

describe('dbCopilotSource', () => {
  it('credits the chat pane\'s questions and staged orders to the account in the game', async () => {
    const { db, alice } = freshDb();
    const src = dbCopilotSource(db, 'alice', session(new OfflineProvider(), db));
    for await (const ev of src.chat.ask('buy 10 AAPL at 185')) void ev;
    for await (const ev of src.chat.ask('how is my portfolio')) void ev;
    const ids = journal(db, alice).filter((e) => e.kind === 'copilot').map((e) => e.id);
    expect(ids.filter((id) => id.startsWith('copilot:ask:'))).toHaveLength(2);
    expect(ids.filter((id) => id.startsWith('copilot:stage:'))).toEqual([`copilot:stage:${src.staged()[0].id}`]);
  });
});
