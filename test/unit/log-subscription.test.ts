// The pure parts of following deployment logs: where the WebSocket goes, and the `log`
// subscription document derived from the query's chosen variant, valid on every Houston line.
import { parse, print, stripIgnoredCharacters, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { HOUSTON_LINES, houstonSchema } from '../../src/emulator/index.js';
import { webSocketUrl } from '../../src/houston/log-subscription.js';
import { GetDeploymentLogs, toDeploymentLogLine, toSubscriptionDocument } from '../../src/houston/operations/logs.js';
import { pruneOptionalFields } from '../../src/houston/selection.js';

describe('webSocketUrl', () => {
  it.each([
    ['https://houston.example.com/v1', 'wss://houston.example.com/ws'],
    ['https://houston.example.com:443/v1/', 'wss://houston.example.com/ws'],
    ['http://127.0.0.1:8871/v1', 'ws://127.0.0.1:8871/ws'],
    ['http://localhost:8871/', 'ws://localhost:8871/ws'],
    ['https://example.com/houston/v1', 'wss://example.com/houston/ws'],
  ])('%s → %s', (houstonUrl, expected) => {
    expect(webSocketUrl(houstonUrl)).toBe(expected);
  });

  it('never carries user info, a query or a fragment from HOUSTON_URL', () => {
    expect(webSocketUrl('https://user:secret@houston.example.com/v1?token=abc#x')).toBe('wss://houston.example.com/ws');
  });
});

describe('the log subscription document', () => {
  const [query] = GetDeploymentLogs.variants;

  it('is the query turned into `log`, with the same arguments and selection', () => {
    const document = stripIgnoredCharacters(toSubscriptionDocument(query!.document));
    expect(document).toBe(
      'subscription FollowDeploymentLogs($deploymentUuid:Uuid!$component:String$timestamp:DateTime$search:String)' +
        '{log(deploymentUuid:$deploymentUuid component:$component timestamp:$timestamp search:$search){id timestamp component level message}}',
    );
  });

  it.each(HOUSTON_LINES.map((line) => line.since))('validates on Houston %s, with and without the optional fields', (since) => {
    const schema = houstonSchema(since);
    const full = toSubscriptionDocument(query!.document);
    const pruned = toSubscriptionDocument(print(pruneOptionalFields(query!.ast, schema, query!.optionalFields)));
    const minimal = toSubscriptionDocument(query!.document.replace('component level ', ''));
    for (const document of [full, pruned, minimal]) expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });
});

describe('toDeploymentLogLine', () => {
  it('fills what Houston left out with null (an empty message for none)', () => {
    expect(toDeploymentLogLine({ id: 'l1' })).toEqual({ id: 'l1', timestamp: null, component: null, level: null, message: '' });
    expect(toDeploymentLogLine({ id: 'l2', timestamp: 't', component: 'worker', level: 'INFO', message: 'm' })).toEqual({
      id: 'l2',
      timestamp: 't',
      component: 'worker',
      level: 'INFO',
      message: 'm',
    });
  });
});
