// The Houston transport's response reader (src/houston/http1-response.ts): what node:http's parser
// did for the transport before — framing, keep-alive, informational heads — fed in any split.
import { describe, expect, it } from 'vitest';
import { Http1ResponseReader, MalformedResponse, type Http1Response } from '../../src/houston/http1-response.js';

/** Feeds `raw` in pieces of `size` bytes; the response once complete, else null. */
function read(raw: string, size = raw.length): Http1Response | null {
  const reader = new Http1ResponseReader();
  const bytes = Buffer.from(raw, 'utf8');
  for (let at = 0; at < bytes.length; at += size) {
    const response = reader.push(bytes.subarray(at, at + size));
    if (response) return response;
  }
  return null;
}

const body = '{"data":{"workspace":{"label":"Données"}}}';
const length = Buffer.byteLength(body);

describe('Http1ResponseReader', () => {
  it.each([1, 3, 1000])('reads a Content-Length answer fed %i bytes at a time, and keeps the connection', (size) => {
    const response = read(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n${body}`, size);
    expect(response?.status).toBe(200);
    expect(response?.headers['content-type']).toBe('application/json');
    expect(response?.body.toString('utf8')).toBe(body);
    expect(response?.reusable).toBe(true);
  });

  it.each([1, 5, 1000])('decodes a chunked answer (extensions, trailers) fed %i bytes at a time', (size) => {
    const chunked = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\n{"dat\r\n${(length - 5).toString(16)}\r\n${body.slice(5)}\r\n0\r\nX-Trailer: 1\r\n\r\n`;
    const response = read(chunked, size);
    expect(response?.body.toString('utf8')).toBe(body);
    expect(response?.reusable).toBe(true);
  });

  it('skips informational heads', () => {
    const response = read(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}`, 7);
    expect(response?.status).toBe(200);
    expect(response?.headers.link).toBeUndefined();
    expect(response?.body.toString()).toBe('{}');
  });

  it('joins repeated headers', () => {
    expect(read('HTTP/1.1 204 No Content\r\nVary: a\r\nVary: b\r\n\r\n')?.headers.vary).toBe('a, b');
  });

  it('reads no body for 204 and 304', () => {
    expect(read('HTTP/1.1 204 No Content\r\n\r\n')).toMatchObject({ status: 204, reusable: true });
    expect(read('HTTP/1.1 304 Not Modified\r\n\r\n')?.body.length).toBe(0);
  });

  it('does not reuse a connection the server closes, an HTTP/1.0 one, or one that sent more than its answer', () => {
    expect(read('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}')?.reusable).toBe(false);
    expect(read('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}')?.reusable).toBe(false);
    expect(read('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}')?.reusable).toBe(true);
    expect(read('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1')?.reusable).toBe(false);
  });

  it('reads an answer framed by the end of the connection when it ends', () => {
    const reader = new Http1ResponseReader();
    expect(reader.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"a"'))).toBeNull();
    expect(reader.push(Buffer.from(':1}'))).toBeNull();
    const response = reader.end();
    expect(response.body.toString()).toBe('{"a":1}');
    expect(response.reusable).toBe(false);
  });

  it('refuses an answer cut off before its end, and says whether its head had come', () => {
    const beforeHead = new Http1ResponseReader();
    beforeHead.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-'));
    expect(beforeHead.headRead).toBe(false);
    expect(() => beforeHead.end()).toThrow(MalformedResponse);
    const afterHead = new Http1ResponseReader();
    afterHead.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"a'));
    expect(afterHead.headRead).toBe(true);
    expect(() => afterHead.end()).toThrow(/mid-answer/);
  });

  it.each([
    ['a bad status line', 'HTTP/2 200 OK\r\n\r\n'],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nnonsense\r\n\r\n'],
    ['a bad Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\n{}'],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['a chunk without its CRLF', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}xx'],
    ['HTML where HTTP was expected', '<html>upstream hiccup</html>\r\n\r\n'],
  ])('refuses %s', (_what, raw) => {
    expect(() => read(raw)).toThrow(MalformedResponse);
  });
});
