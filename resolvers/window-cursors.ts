// The cursors of the edges of one connection page: sealed lazily, and a page run at a time.
import type { CursorCodec, PageCursors } from './cursor.js';
import type { Located } from './page-walk.js';

/** The items of a window that share an upstream page, and that page's cursors. */
interface PageRun {
  readonly from: number;
  readonly to: number;
  readonly cursors: PageCursors;
}

/**
 * The window's items in runs of one upstream page each (token and first ordinal). A window is a
 * contiguous stretch of the listing, so each page is one run.
 */
function pageRuns<T>(items: readonly Located<T>[], scope: string, codec: CursorCodec): PageRun[] {
  const runs: PageRun[] = [];
  let from = 0;
  for (let to = 1; to <= items.length; to += 1) {
    const first = items[from];
    const next = items[to];
    if (first === undefined) break;
    const start = first.ordinal - first.index;
    if (next?.token === first.token && next.ordinal - next.index === start) continue;
    runs.push({ from, to, cursors: codec.page(scope, first.token, start) });
    from = to;
  }
  return runs;
}

/** The cursors of a window's items, by their place in the window. */
export interface WindowCursors {
  /** The cursor of item `i`, sealing with it every cursor of its page run not yet sealed. */
  withRun(i: number): string;
  /** The cursor of item `i` only. */
  alone(i: number): string;
}

/**
 * The cursors of a window's items. They are sealed when first read: a selection without
 * `cursor` (only `node`, or the connection's `nodes`) costs no encryption, and a cursor read
 * twice is sealed once. An edge's cursor seals those of its whole page run at once (a client that
 * reads one edge's cursor reads them all); `startCursor` and `endCursor` alone seal only their own.
 */
export function windowCursors<T>(
  items: readonly Located<T>[],
  scope: string,
  codec: CursorCodec,
): WindowCursors {
  const cursors: (string | undefined)[] = [];
  const runs = pageRuns(items, scope, codec);
  const runOf = (i: number): PageRun => {
    const run = runs.find(({ from, to }) => i >= from && i < to);
    if (run === undefined) throw new Error(`unreachable: item ${i} is in no run`);
    return run;
  };
  const sealed = (i: number): string => {
    const cursor = cursors[i];
    if (cursor === undefined) throw new Error(`unreachable: cursor ${i} was not sealed`);
    return cursor;
  };
  return {
    withRun(i) {
      if (cursors[i] !== undefined) return sealed(i);
      const run = runOf(i);
      const missing = items
        .slice(run.from, run.to)
        .map((item, offset) => ({ item, at: run.from + offset }))
        .filter(({ at }) => cursors[at] === undefined);
      const issued = run.cursors.cursorsAt(missing.map(({ item }) => item));
      for (const [n, { at }] of missing.entries()) cursors[at] = issued[n];
      return sealed(i);
    },
    alone(i) {
      const item = items[i];
      if (cursors[i] === undefined && item !== undefined) {
        cursors[i] = runOf(i).cursors.cursorAt(item.index, item.key);
      }
      return sealed(i);
    },
  };
}
