// Builds the app without listening and returns its OpenAPI document: the single source for the
// checked-in openapi/openapi.json and the drift test.
import { buildApp } from './app.js';
import { createCallerKeys } from './auth/caller-keys.js';
import { createMemoryKeyStore } from './auth/key-stores/memory.js';
import { loadConfig } from './config.js';

export async function generateOpenApiDocument(): Promise<string> {
  // A fixed, local Houston URL: the document must not depend on the machine that generates it.
  const config = loadConfig({ HOUSTON_URL: 'http://127.0.0.1:1/v1' });
  const app = await buildApp(config, {
    logger: false,
    redis: null,
    houstonCredentials: new Map(),
    callerKeys: createCallerKeys({ store: createMemoryKeyStore(), secret: 'only-used-to-generate-the-openapi-document' }),
  });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
