import { describe, expect, it } from 'vitest';
import { LOG_SERIALIZERS, loggableId, loggableUrl } from '../../src/plugins/log-serializers.js';

describe('loggableUrl', () => {
  it('keeps the path and the safe parameters; other values (and unknown names) read [redacted]', () => {
    expect(loggableUrl('/workspaces')).toBe('/workspaces');
    expect(loggableUrl('/workspaces?')).toBe('/workspaces');
    expect(loggableUrl('/workspaces?limit=5&cursor=eyJy&api_key=hgw_abc')).toBe('/workspaces?limit=5&cursor=eyJy&api_key=[redacted]');
    expect(loggableUrl('/users?email=a%40b.example&access_token=t&key=k&token=x')).toBe('/users?email=[redacted]&access_token=[redacted]&key=[redacted]&token=[redacted]');
    expect(loggableUrl('/d/1/logs?component=worker&since=2026-01-01T00:00:00Z&search=oops')).toBe('/d/1/logs?component=worker&since=2026-01-01T00%3A00%3A00Z&search=[redacted]');
    expect(loggableUrl('/d?hgw_secretkeyasname&clusterId=c&hard=true&airflowVersion=2.9.0')).toBe('/d?[redacted]&clusterId=c&hard=true&airflowVersion=2.9.0');
  });

  it('masks path segments holding an e-mail address or a caller key', () => {
    expect(loggableUrl('/workspaces/w1/users/alice@example.com')).toBe('/workspaces/w1/users/[redacted]');
    expect(loggableUrl('/workspaces/w1/users/alice%40example.com?limit=1')).toBe('/workspaces/w1/users/[redacted]?limit=1');
    expect(loggableUrl('/workspaces/hgw_abcdef')).toBe('/workspaces/[redacted]');
    expect(loggableId('cl0abc123')).toBe('cl0abc123');
    expect(loggableId('bob@example.com')).toBe('[redacted]');
  });
});

describe('the err serializer', () => {
  it('drops the raw request bytes and masks e-mail addresses, causes included', () => {
    const error = Object.assign(new Error('user carol@example.com failed', { cause: new Error('dave@example.com') }), {
      rawPacket: Buffer.from('GET /x?api_key=hgw_secret HTTP/1.1'),
      upstream: { message: 'no user erin@example.com' },
    });
    const text = JSON.stringify(LOG_SERIALIZERS.err(error));
    for (const leak of ['carol@', 'dave@', 'erin@', 'rawPacket', 'hgw_secret']) expect(text).not.toContain(leak);
    expect(text).toContain('user [redacted] failed');
  });
});
