export function kmToMiles(km) {
  return km * 0.621371;
}
