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

type RouteHookPhase = 'onRequest' | 'preParsing' | 'preValidation' | 'preHandler' | 'onSend' | 'onResponse';

/**
 * Adds `hook` to one route's own hooks (in an onRoute hook), after those it has. A hook that
 * concerns only some routes (writes, routes that invalidate) is then not called at all on the
 * others, and a read's phase left without hooks is skipped by Fastify altogether. Route hooks run
 * after the app's hooks of the same phase, in the order they were added.
 */
export function addRouteHook(route: { [phase in RouteHookPhase]?: unknown }, phase: RouteHookPhase, hook: (...args: never[]) => unknown): void {
  const own = route[phase];
  route[phase] = own === undefined ? [hook] : Array.isArray(own) ? [...(own as unknown[]), hook] : [own, hook];
}
