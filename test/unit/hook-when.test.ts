// Hooks that run their async body only for the requests they concern (plugins/hook-when.ts): a
// request they do not concern goes on untouched, one they answer ends there, one they refuse errs.
import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { addRouteHook, hookWhen, payloadHookWhen } from '../../src/plugins/hook-when.js';

async function appWith(hooks: (app: FastifyInstance) => void) {
  const app = Fastify();
  hooks(app);
  app.get('/x', async () => ({ handled: true }));
  app.post('/x', async () => ({ handled: true }));
  await app.ready();
  return app;
}

describe('hookWhen', () => {
  it('passes a request it does not concern without running the body', async () => {
    let ran = 0;
    const app = await appWith((a) => {
      a.addHook('preHandler', hookWhen((r) => r.method === 'POST', async () => void (ran += 1)));
    });
    expect((await app.inject({ method: 'GET', url: '/x' })).json()).toEqual({ handled: true });
    expect(ran).toBe(0);
    expect((await app.inject({ method: 'POST', url: '/x' })).json()).toEqual({ handled: true });
    expect(ran).toBe(1);
  });

  it('ends the chain when the body answers and returns the reply, and errs when it throws', async () => {
    const app = await appWith((a) => {
      a.addHook('preHandler', hookWhen(() => true, async (request, reply) => {
        if (request.headers['x-fail']) throw Object.assign(new Error('refused'), { statusCode: 409 });
        return reply.code(202).send({ replayed: true });
      }));
    });
    const answered = await app.inject({ method: 'GET', url: '/x' });
    expect(answered.statusCode).toBe(202);
    expect(answered.json()).toEqual({ replayed: true });
    expect((await app.inject({ method: 'GET', url: '/x', headers: { 'x-fail': '1' } })).statusCode).toBe(409);
  });
});

describe('payloadHookWhen', () => {
  it('changes the payload only of the requests it concerns', async () => {
    const app = await appWith((a) => {
      a.addHook('onSend', payloadHookWhen((request) => request.method === 'POST', async (_request, _reply, payload: unknown) => `${String(payload)} `));
    });
    expect((await app.inject({ method: 'GET', url: '/x' })).body).toBe('{"handled":true}');
    expect((await app.inject({ method: 'POST', url: '/x' })).body).toBe('{"handled":true} ');
  });
});

describe('addRouteHook', () => {
  it('gives the hook to the routes chosen in onRoute only, after the app hooks of its phase and the route\'s own', async () => {
    const calls: string[] = [];
    const app = Fastify();
    app.addHook('onSend', (request, _reply, payload, done) => {
      calls.push(`app ${request.method}`);
      done(null, payload);
    });
    app.addHook('onRoute', (route) => {
      if (route.method === 'POST') addRouteHook(route, 'onSend', (request: { method: string }, _reply: unknown, payload: unknown, done: (e: null, p: unknown) => void) => {
        calls.push(`route ${request.method}`);
        done(null, payload);
      });
    });
    const own = (label: string) => (_request: unknown, _reply: unknown, payload: unknown, done: (e: null, p: unknown) => void) => {
      calls.push(label);
      done(null, payload);
    };
    app.get('/x', async () => ({ handled: true }));
    app.post('/x', { onSend: own('own POST') }, async () => ({ handled: true }));
    await app.ready();
    await app.inject({ method: 'GET', url: '/x' });
    expect(calls).toEqual(['app GET']);
    calls.length = 0;
    await app.inject({ method: 'POST', url: '/x' });
    expect(calls).toEqual(['app POST', 'own POST', 'route POST']);
    // A route without it has no trace of it.
    expect(app.printRoutes({ includeHooks: true, commonPrefix: false })).toMatch(/\/x \(GET\)\n.*• \(onSend\) \["anonymous\(\)"\]\n/);
  });
});
