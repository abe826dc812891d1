import { kilometersToMiles } from './units.js';

export function describe(km) {
  return `${km} km is ${kilometersToMiles(km).toFixed(1)} miles`;
}
