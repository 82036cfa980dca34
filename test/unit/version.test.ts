import { describe, expect, it } from 'vitest';
import { parseVersion, selectDocument } from '../../src/houston/version.js';

const entries = [
  { since: '0.29.0', document: 'B' },
  { since: '0.25.0', document: 'A' },
  { since: '1.0.0', document: 'C' },
];

describe('platform version handling', () => {
  it('parses versions with or without v, short forms and pre-release suffixes', () => {
    expect(parseVersion('0.35.3')).toEqual([0, 35, 3]);
    expect(parseVersion('v0.35')).toEqual([0, 35, 0]);
    expect(parseVersion('0.35.0-rc2')).toEqual([0, 35, 0]);
    expect(parseVersion('dev')).toBeNull();
    expect(parseVersion('')).toBeNull();
  });

  it('picks the greatest document at or below the platform version', () => {
    expect(selectDocument(entries, '0.35.3').document).toBe('B');
    expect(selectDocument(entries, '0.29.0').document).toBe('B');
    expect(selectDocument(entries, '0.28.9').document).toBe('A');
    expect(selectDocument(entries, '1.2.0').document).toBe('C');
  });

  it('falls back to the newest document for an unknown or too-old version, as the official client does', () => {
    expect(selectDocument(entries, 'dev').document).toBe('C');
    expect(selectDocument(entries, null).document).toBe('C');
    expect(selectDocument(entries, '0.24.0').document).toBe('C');
  });
});
