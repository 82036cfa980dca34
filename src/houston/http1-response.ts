// An incremental reader of one HTTP/1.1 response, for the Houston transport (http-fetch.ts): the
// head (status and headers, informational 1xx heads skipped), then a body framed by
// Content-Length, by chunked transfer coding, or by the end of the connection. It says whether the
// connection may carry another request afterwards. Anything it cannot read is a MalformedResponse;
// the transport then closes the connection, as node:http does on a parse error.

/** Beyond this, a head is refused rather than buffered further (node:http's default is 16 KiB). */
export const MAX_HEAD_BYTES = 64 * 1024;

export class MalformedResponse extends Error {
  constructor(what: string) {
    super(`malformed HTTP response from Houston: ${what}`);
    this.name = 'MalformedResponse';
  }
}

export interface Http1Response {
  status: number;
  /** Names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** The connection may be used for another request (keep-alive, the body exactly framed). */
  reusable: boolean;
}

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/;
const CRLF = Buffer.from('\r\n');
const EMPTY = Buffer.alloc(0);

type Framing = 'length' | 'chunked' | 'close';
type ChunkState = 'size' | 'data' | 'data-end' | 'trailers';

export class Http1ResponseReader {
  private pending: Buffer = EMPTY;
  private status = 0;
  private headers: Record<string, string> | null = null;
  private reusable = false;
  private framing: Framing = 'length';
  /** Body bytes still expected: of the whole body (length), or of the current chunk (chunked). */
  private remaining = 0;
  private chunkState: ChunkState = 'size';
  private readonly body: Buffer[] = [];

  /** True once the head has been read: a failure after it is a cut-off answer, not a refused request. */
  get headRead(): boolean {
    return this.headers !== null;
  }

  /** Takes the next bytes; returns the response once complete, else null. Throws MalformedResponse. */
  push(chunk: Buffer): Http1Response | null {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (this.headers === null && !this.readHead()) return null;
    switch (this.framing) {
      case 'length':
        return this.readLength();
      case 'chunked':
        return this.readChunks();
      case 'close':
        this.body.push(this.pending);
        this.pending = EMPTY;
        return null;
    }
  }

  /** The connection ended: completes a body framed by the end of the connection, else throws. */
  end(): Http1Response {
    if (this.headers !== null && this.framing === 'close') return this.done(false);
    throw new MalformedResponse(this.headers === null ? 'the connection closed before a response' : 'the connection closed mid-answer');
  }

  /** Reads heads until a final (non-1xx) one; false when more bytes are needed. */
  private readHead(): boolean {
    for (;;) {
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.pending.length > MAX_HEAD_BYTES) throw new MalformedResponse('head too large');
        return false;
      }
      const lines = this.pending.toString('latin1', 0, end).split('\r\n');
      this.pending = this.pending.subarray(end + 4);
      const status = STATUS_LINE.exec(lines[0]!);
      if (!status) throw new MalformedResponse('bad status line');
      const code = Number(status[2]);
      // 100 Continue, 103 Early Hints: a final head follows on the same connection.
      if (code < 200 && code !== 101) continue;
      if (code < 200) throw new MalformedResponse(`unexpected ${code}`);
      const headers: Record<string, string> = {};
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i]!;
        const colon = line.indexOf(':');
        if (colon <= 0) throw new MalformedResponse('bad header line');
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
      }
      this.status = code;
      this.headers = headers;
      const connection = (headers.connection ?? '').toLowerCase();
      this.reusable = status[1] === '1' ? !/(^|[\s,])close($|[\s,])/.test(connection) : /(^|[\s,])keep-alive($|[\s,])/.test(connection);
      const coding = headers['transfer-encoding'];
      if (code === 204 || code === 304) {
        this.framing = 'length';
        this.remaining = 0;
      } else if (coding !== undefined) {
        // Chunked must be the last coding; any other framing runs to the end of the connection.
        if (/(^|,)\s*chunked\s*$/i.test(coding)) this.framing = 'chunked';
        else this.framing = 'close';
      } else if (headers['content-length'] !== undefined) {
        const length = headers['content-length'];
        if (!/^\d{1,15}$/.test(length)) throw new MalformedResponse('bad content-length');
        this.framing = 'length';
        this.remaining = Number(length);
      } else {
        this.framing = 'close';
      }
      if (this.framing === 'close') this.reusable = false;
      return true;
    }
  }

  private readLength(): Http1Response | null {
    if (this.pending.length < this.remaining) return null;
    // Bytes past the body are not an answer to anything this connection asked: never reuse it.
    if (this.pending.length > this.remaining) this.reusable = false;
    this.body.push(this.pending.subarray(0, this.remaining));
    this.pending = EMPTY;
    return this.done(this.reusable);
  }

  private readChunks(): Http1Response | null {
    for (;;) {
      if (this.chunkState === 'size' || this.chunkState === 'trailers') {
        const end = this.pending.indexOf(CRLF);
        if (end < 0) {
          if (this.pending.length > MAX_HEAD_BYTES) throw new MalformedResponse('chunk line too large');
          return null;
        }
        const line = this.pending.toString('latin1', 0, end);
        this.pending = this.pending.subarray(end + 2);
        if (this.chunkState === 'trailers') {
          if (line !== '') continue;
          if (this.pending.length > 0) this.reusable = false;
          this.pending = EMPTY;
          return this.done(this.reusable);
        }
        const size = /^([0-9a-fA-F]{1,12})[ \t]*(;.*)?$/.exec(line);
        if (!size) throw new MalformedResponse('bad chunk size');
        this.remaining = parseInt(size[1]!, 16);
        this.chunkState = this.remaining === 0 ? 'trailers' : 'data';
        continue;
      }
      if (this.chunkState === 'data') {
        if (this.pending.length === 0) return null;
        const take = Math.min(this.remaining, this.pending.length);
        this.body.push(this.pending.subarray(0, take));
        this.pending = this.pending.subarray(take);
        this.remaining -= take;
        if (this.remaining > 0) return null;
        this.chunkState = 'data-end';
      }
      // data-end: the CRLF after a chunk's data.
      if (this.pending.length < 2) return null;
      if (this.pending[0] !== 13 || this.pending[1] !== 10) throw new MalformedResponse('chunk not followed by CRLF');
      this.pending = this.pending.subarray(2);
      this.chunkState = 'size';
    }
  }

  private done(reusable: boolean): Http1Response {
    const body = this.body.length === 1 ? this.body[0]! : Buffer.concat(this.body);
    return { status: this.status, headers: this.headers!, body, reusable };
  }
}
