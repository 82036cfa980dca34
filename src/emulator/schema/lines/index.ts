// Every Houston line after the 0.25 base, oldest first. A line's schema is the base plus every
// delta up to and including its own.
import type { LineDelta } from '../define-line.js';
import line028 from './0.28.js';
import line029 from './0.29.js';
import line0292 from './0.29.2.js';
import line030 from './0.30.js';
import line032 from './0.32.js';
import line034 from './0.34.js';
import line100 from './1.0.0.js';
import line101 from './1.0.1.js';
import line20 from './2.0.js';
import line21 from './2.1.js';

export const LINE_DELTAS: readonly LineDelta[] = [line028, line029, line0292, line030, line032, line034, line100, line101, line20, line21];
