import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { malformedLines } from '../../src/config-env-file.js';

describe('malformedLines (.env checked before Node reads it)', () => {
  it('accepts .env.example as shipped, so copying it to .env works', () => {
    expect(malformedLines(readFileSync(new URL('../../.env.example', import.meta.url), 'utf8'))).toEqual([]);
  });

  it('accepts comments, blank lines, export, quotes and quoted values over several lines', () => {
    expect(malformedLines('# c\n\nexport A=1\nB = "x y"\nC=\'q\'\nD="one\ntwo = three\n"\nE=\r\n')).toEqual([]);
  });

  it('names each line that is not NAME=value, by number', () => {
    expect(malformedLines('A=1\nB C=2\nD\n1X=3\n-E=4\nF=ok')).toEqual([2, 3, 4, 5]);
  });
});
