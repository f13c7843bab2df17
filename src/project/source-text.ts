/** Scanning TypeScript source without parsing it: revision headers, duplicate exports. */

/**
 * Replaces comments by spaces (keeping line breaks and offsets), respecting string literals. Copies the text
 * between comments in slices and jumps from one quote or slash to the next: the graph commands read thousands of files.
 */
export function blankComments(source: string): string {
  let out = "";
  let copied = 0;
  const interesting = /["'`/]/g;
  let i = 0;
  while (i < source.length) {
    interesting.lastIndex = i;
    if (interesting.exec(source) === null) break;
    i = interesting.lastIndex - 1;
    const ch = source.charCodeAt(i);
    if (ch !== 0x2f) {
      i = skipString(source, i);
    } else if (source.charCodeAt(i + 1) === 0x2f) {
      const newline = source.indexOf("\n", i);
      const stop = newline < 0 ? source.length : newline;
      out += source.slice(copied, i) + " ".repeat(stop - i);
      copied = i = stop;
    } else if (source.charCodeAt(i + 1) === 0x2a) {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(copied, i) + source.slice(i, stop).replace(/[^\n]/g, " ");
      copied = i = stop;
    } else {
      i++;
    }
  }
  return copied === 0 ? source : out + source.slice(copied);
}

/** The offset just past the string literal that opens at `start` (or its line's end, unterminated). */
export function skipString(source: string, start: number): number {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === "\\") i++;
    else if (source[i] === quote) return i + 1;
    else if (source[i] === "\n" && quote !== "`") return i;
  }
  return source.length;
}
