import { LuaScript } from '../../redis/luaScript.js';

/**
 * The floor of a session in Redis, changed only by these scripts so that two nodes acting at once
 * (a grant on one, a raise on another) never lose either change. Three keys per session:
 * KEYS[1] the holder (hash: endpointId, name, grantedAt, muted), KEYS[2] the raised hands (sorted set
 * of endpoint ids by the time raised), KEYS[3] their names (hash). ARGV[1] is the keys' lifetime in
 * seconds (renewed by every change; a session's floor is deleted when it ends).
 *
 * Every script answers [result, previous holder's endpoint id or '', holder's 4 fields or 4 × '',
 * then endpoint id, raised at, name for each raised hand in order].
 */
const REPLY = `
local function reply(result, previous)
  local h = redis.call('HMGET', KEYS[1], 'endpointId', 'name', 'grantedAt', 'muted')
  local out = {result, previous or '', h[1] or '', h[2] or '', h[3] or '', h[4] or ''}
  local q = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  for i = 1, #q, 2 do
    out[#out + 1] = q[i]
    out[#out + 1] = q[i + 1]
    out[#out + 1] = redis.call('HGET', KEYS[3], q[i]) or ''
  end
  for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[1]) end
  return out
end
local holder = redis.call('HGET', KEYS[1], 'endpointId')
`;

const script = (body: string): LuaScript => new LuaScript(REPLY + body, 3);

export const floorScripts = {
  state: script(`return reply('ok')`),

  /** ARGV: ttl, endpointId, name, now. 'holds' when the endpoint holds the floor; a hand raised twice keeps its place. */
  raise: script(`
if holder == ARGV[2] then return reply('holds') end
if redis.call('ZADD', KEYS[2], 'NX', ARGV[4], ARGV[2]) == 1 then redis.call('HSET', KEYS[3], ARGV[2], ARGV[3]) end
return reply('ok')`),

  /** ARGV: ttl, endpointId. 'unchanged' when the hand was not raised. */
  lower: script(`
local removed = redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[2])
return reply(removed == 1 and 'ok' or 'unchanged')`),

  /** ARGV: ttl, endpointId, name, now. 'unchanged' when it already holds the floor; else the previous holder is answered. */
  grant: script(`
if holder == ARGV[2] then return reply('unchanged') end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'endpointId', ARGV[2], 'name', ARGV[3], 'grantedAt', ARGV[4], 'muted', '0')
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[2])
return reply('ok', holder)`),

  /** ARGV: ttl. The previous holder is answered. */
  revoke: script(`
redis.call('DEL', KEYS[1])
return reply('ok', holder)`),

  /** ARGV: ttl, '1' or '0'. 'nobody' when nobody holds the floor. */
  mute: script(`
if not holder then return reply('nobody') end
redis.call('HSET', KEYS[1], 'muted', ARGV[2])
return reply('ok', holder)`),
};
