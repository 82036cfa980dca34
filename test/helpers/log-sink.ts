// A pino destination for tests: every log line the gateway writes lands in `lines`, one entry a line.
import { Writable } from 'node:stream';

export function logSink(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      // pino writes one JSON line per call; split in case several arrive together.
      lines.push(...chunk.toString().split('\n').filter((line) => line.trim() !== ''));
      done();
    },
  });
}
