import { describe } from './convert.js';

export function main() {
  return describe(10);
}
