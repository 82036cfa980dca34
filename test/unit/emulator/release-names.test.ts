import { describe, expect, it } from 'vitest';
import {
  ADJECTIVES,
  NOUNS,
  RELEASE_NAME_PATTERN,
  generateReleaseName,
  namespaceFor,
  uniqueReleaseName,
} from '../../../src/emulator/release-names.js';

describe('release names', () => {
  it('look like Houston release names: adjective-noun-NNNN', () => {
    for (let i = 0; i < 200; i++) {
      const name = generateReleaseName();
      expect(name).toMatch(RELEASE_NAME_PATTERN);
      const [adjective, noun, digits] = name.split('-');
      expect(ADJECTIVES).toContain(adjective);
      expect(NOUNS).toContain(noun);
      expect(digits).toHaveLength(4);
    }
  });

  it('accepts the docs example name as well-formed', () => {
    expect('mathematical-probe-2087').toMatch(RELEASE_NAME_PATTERN);
  });

  it('has word lists of about forty lower-case words without duplicates', () => {
    for (const list of [ADJECTIVES, NOUNS]) {
      expect(list.length).toBeGreaterThanOrEqual(40);
      expect(new Set(list).size).toBe(list.length);
      for (const word of list) expect(word).toMatch(/^[a-z]+$/);
    }
  });

  it('skips names that are taken', () => {
    const taken = new Set<string>();
    for (let i = 0; i < 50; i++) taken.add(uniqueReleaseName((name) => taken.has(name)));
    expect(taken.size).toBe(50);
  });

  it('gives up instead of looping forever when every name is taken', () => {
    expect(() => uniqueReleaseName(() => true)).toThrow(/free release name/);
  });

  it('derives the namespace from the release name', () => {
    expect(namespaceFor('mathematical-probe-2087')).toBe('astronomer-mathematical-probe-2087');
  });
});
