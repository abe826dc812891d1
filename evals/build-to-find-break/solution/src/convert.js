import { kmToMiles } from './units.js';

export function describe(km) {
  return `${km} km is ${kmToMiles(km).toFixed(1)} miles`;
}
