/** A reader of whole-number options that throws with the bench's usage text when one is out of range. */
export function integerOption(usage: string): (value: string, name: string, min: number, max: number) => number {
  return (value, name, min, max) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`bad --${name} (${min}…${max})\n${usage}`);
    return n;
  };
}

/** A reader of numeric options (fractions allowed), like `integerOption`. */
export function numberOption(usage: string): (value: string, name: string, min: number, max: number) => number {
  return (value, name, min, max) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`bad --${name} (${min}…${max})\n${usage}`);
    return n;
  };
}
