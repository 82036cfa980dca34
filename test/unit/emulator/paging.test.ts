import { describe, expect, it } from 'vitest';
import { cursorPage, offsetPage } from '../../../src/emulator/paging.js';

const items = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
const ids = (list: { id: string }[]) => list.map((item) => item.id);

describe('cursorPage (Prisma convention, FACTS §3.7)', () => {
  it('starts at the beginning without a cursor', () => {
    expect(ids(cursorPage(items, '', 2))).toEqual(['a', 'b']);
  });

  it('returns the page after the cursor, excluding it, for a positive take', () => {
    expect(ids(cursorPage(items, 'b', 2))).toEqual(['c', 'd']);
  });

  it('returns the page before the cursor for a negative take', () => {
    expect(ids(cursorPage(items, 'd', -2))).toEqual(['b', 'c']);
    expect(ids(cursorPage(items, 'b', -5))).toEqual(['a']);
  });

  it('answers an empty page for an unknown cursor', () => {
    expect(cursorPage(items, 'zz', 2)).toEqual([]);
  });

  it('returns everything when take is absent', () => {
    expect(ids(cursorPage(items, null, null))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('offsetPage', () => {
  it('pages from 0', () => {
    expect(ids(offsetPage(items, 2, 0))).toEqual(['a', 'b']);
    expect(ids(offsetPage(items, 2, 2))).toEqual(['e']);
  });

  it('treats take -1 (and no take) as all', () => {
    expect(offsetPage(items, -1, 3)).toHaveLength(5);
    expect(offsetPage(items, null, null)).toHaveLength(5);
  });
});
