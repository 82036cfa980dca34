import { describe, expect, it } from 'vitest';
import { parseVersion } from '../../src/houston/version.js';

describe('platform version handling', () => {
  it('parses versions with or without v, short forms and pre-release suffixes', () => {
    expect(parseVersion('0.35.3')).toEqual([0, 35, 3]);
    expect(parseVersion('v0.35')).toEqual([0, 35, 0]);
    expect(parseVersion('0.35.0-rc2')).toEqual([0, 35, 0]);
    expect(parseVersion('dev')).toBeNull();
    expect(parseVersion('')).toBeNull();
  });
});
