/** Non-overlapping base ranges [start, end) kept sorted, with O(log n) overlap checks. */
export class RangeSet {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** Whether [start, end) would overlap a range in the set (an empty range inside one counts). */
  overlaps(start: number, end: number): boolean {
    // First range whose end is beyond start (or an empty range at start).
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] <= start && !(this.starts[mid] === this.ends[mid] && this.starts[mid] === start)) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.starts.length && this.starts[i] <= end; i++) {
      const a = this.starts[i];
      const b = this.ends[i];
      if (start < b && a < end) return true;
      if (start === end && a < start && start < b) return true;
      if (a === b && start < a && a < end) return true;
    }
    return false;
  }

  add(start: number, end: number): void {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < start || (this.starts[mid] === start && this.ends[mid] <= end)) lo = mid + 1;
      else hi = mid;
    }
    this.starts.splice(lo, 0, start);
    this.ends.splice(lo, 0, end);
  }

  get size(): number {
    return this.starts.length;
  }
}
