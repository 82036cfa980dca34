// Hooks that concern few requests (writes, keyed writes, restricted keys) but run on every one.
// Written as async functions they cost every request a promise and a turn of the microtask queue
// even when they return at once; wrapped here, a request they do not concern passes synchronously
// and only the ones they do run the async body.
import type { FastifyReply, FastifyRequest } from 'fastify';

type Done = (error?: Error) => void;
type PayloadDone<P> = (error: Error | null, payload?: P) => void;

/** onRequest, preValidation, preHandler, onResponse: `hook` runs only when `applies` says so. */
export function hookWhen(applies: (request: FastifyRequest) => boolean, hook: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) {
  return function conditionalHook(request: FastifyRequest, reply: FastifyReply, done: Done): void {
    if (!applies(request)) {
      done();
      return;
    }
    hook(request, reply).then((result) => {
      // A hook that answered returns the reply (a replay): the chain ends there, as Fastify ends it
      // for an async hook that does so.
      if (result !== reply) done();
    }, (error: Error) => done(error));
  };
}

/** onSend and preParsing (which carry a payload): `hook` runs only when `applies` says so. */
export function payloadHookWhen<P>(applies: (request: FastifyRequest, reply: FastifyReply) => boolean, hook: (request: FastifyRequest, reply: FastifyReply, payload: P) => Promise<P>) {
  return function conditionalPayloadHook(request: FastifyRequest, reply: FastifyReply, payload: P, done: PayloadDone<P>): void {
    if (!applies(request, reply)) {
      done(null, payload);
      return;
    }
    hook(request, reply, payload).then((result) => done(null, result), done);
  };
}
