let last = 0;

/** A key for a new row of a list editor: unique in the page, so React keeps each row's inputs with its row. */
export function freshKey(): number {
  last += 1;
  return last;
}
