/**
 * A bounded FIFO on a circular array: O(1) push and drop-oldest, no per-record allocation
 * beyond the record itself (an `Array.shift` per record is O(n) on large queues).
 */
export interface RingQueue<T> {
  size(): number;
  /** Appends; the caller keeps the size within the capacity. */
  push(item: T): void;
  /** Removes and returns up to `n` items from the front. */
  shift(n: number): T[];
  /** Puts items back in front (oldest first); returns how many did not fit (dropped, oldest). */
  unshift(items: readonly T[]): number;
  dropOldest(): void;
}

export function createRingQueue<T>(capacity: number): RingQueue<T> {
  const slots = new Array<T | undefined>(capacity);
  let head = 0;
  let count = 0;

  return {
    size: () => count,
    push(item) {
      if (count === capacity) {
        slots[head] = undefined;
        head = (head + 1) % capacity;
        count -= 1;
      }
      slots[(head + count) % capacity] = item;
      count += 1;
    },
    shift(n) {
      const out: T[] = [];
      while (count > 0 && out.length < n) {
        const item = slots[head];
        slots[head] = undefined;
        head = (head + 1) % capacity;
        count -= 1;
        if (item !== undefined) out.push(item);
      }
      return out;
    },
    unshift(items) {
      const room = capacity - count;
      const keep = items.length <= room ? items : items.slice(items.length - room);
      for (let i = keep.length - 1; i >= 0; i--) {
        head = (head - 1 + capacity) % capacity;
        slots[head] = keep[i];
        count += 1;
      }
      return items.length - keep.length;
    },
    dropOldest() {
      if (count === 0) return;
      slots[head] = undefined;
      head = (head + 1) % capacity;
      count -= 1;
    },
  };
}
