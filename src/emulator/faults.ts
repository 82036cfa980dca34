// Fault injection for tests: a controller the handle exposes, and the decision the server takes
// for each request. Only reachable through the programmatic API, never over HTTP.
import type { FaultController, FaultSettings } from './api.js';

export type FaultOutcome = 'none' | 'closeSocket' | 'fail' | 'malformedBody';

export class Faults implements FaultController {
  private settings: FaultSettings = {};

  /** Merges into the current settings; `clear()` resets them all. */
  set(settings: FaultSettings): void {
    if (settings.latencyMs !== undefined && !(settings.latencyMs >= 0)) throw new RangeError('latencyMs must be >= 0');
    if (settings.answerDelayMs !== undefined && !(settings.answerDelayMs >= 0)) throw new RangeError('answerDelayMs must be >= 0');
    const rate = settings.failureRate;
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new RangeError('failureRate must be between 0 and 1');
    this.settings = { ...this.settings, ...settings };
  }

  clear(): void {
    this.settings = {};
  }

  get current(): Readonly<FaultSettings> {
    return { ...this.settings };
  }

  /** Socket closing wins over failures, failures over malformed bodies. */
  decide(random: () => number = Math.random): FaultOutcome {
    const { closeSocket, failureRate, malformedBody } = this.settings;
    if (closeSocket) return 'closeSocket';
    if (failureRate && random() < failureRate) return 'fail';
    if (malformedBody) return 'malformedBody';
    return 'none';
  }
}
