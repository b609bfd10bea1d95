import { RedisLeaderboard } from './leaderboard-redis.js';
import { leaderboardContract } from '../../test/support/leaderboard-contract.js';
import { startRedisServer, type RedisServer } from '../../test/support/redis-server.js';

let server: RedisServer | undefined;

leaderboardContract('Redis', {
  make: async () => {
    server = await startRedisServer();
    return RedisLeaderboard.connect(server.url);
  },
  teardown: async () => {
    await server?.stop();
  },
});
