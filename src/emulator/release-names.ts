// Release names in Houston's style: adjective-noun-NNNN, space themed (e.g. mathematical-probe-2087).
// The word lists are our own; Houston's generator joins a random adjective, noun and 4 digits.
import { randomInt } from 'node:crypto';

export const ADJECTIVES = [
  'ancient', 'astral', 'binary', 'boreal', 'celestial', 'cosmic', 'crimson', 'dark', 'distant', 'dusty',
  'eccentric', 'elliptical', 'empirical', 'frozen', 'galactic', 'geodesic', 'gravitational', 'hyperbolic', 'icy', 'infrared',
  'interstellar', 'ionized', 'luminous', 'lunar', 'magnetic', 'mathematical', 'nebular', 'orbital', 'parabolic', 'planetary',
  'polar', 'quantum', 'radiant', 'retrograde', 'sidereal', 'solar', 'spectral', 'stellar', 'tidal', 'ultraviolet',
] as const;

export const NOUNS = [
  'aphelion', 'asteroid', 'aurora', 'axis', 'comet', 'constellation', 'corona', 'cosmos', 'crater', 'eclipse',
  'equinox', 'galaxy', 'horizon', 'kuiper', 'lander', 'magnetar', 'meteor', 'meteorite', 'moon', 'nadir',
  'nebula', 'nova', 'observatory', 'orbit', 'parsec', 'perihelion', 'photon', 'planet', 'probe', 'pulsar',
  'quasar', 'rocket', 'satellite', 'singularity', 'solstice', 'star', 'station', 'supernova', 'telescope', 'zenith',
] as const;

export const RELEASE_NAME_PATTERN = /^[a-z]+-[a-z]+-\d{4}$/;

/** Kubernetes allows lower-case DNS labels; Houston prefixes the namespace, so keep room for it. */
export const CUSTOM_RELEASE_NAME_PATTERN = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;

function pick<T>(items: readonly T[]): T {
  const item = items[randomInt(items.length)];
  if (item === undefined) throw new Error('cannot pick from an empty list');
  return item;
}

export function generateReleaseName(): string {
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}-${randomInt(10_000).toString().padStart(4, '0')}`;
}

/** A release name nobody holds yet; `taken` is asked for each candidate. */
export function uniqueReleaseName(taken: (name: string) => boolean): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const name = generateReleaseName();
    if (!taken(name)) return name;
  }
  throw new Error('could not find a free release name');
}

/** Houston puts each deployment in its own namespace, `<platform release>-<release name>`. */
export function namespaceFor(releaseName: string): string {
  return `astronomer-${releaseName}`;
}
