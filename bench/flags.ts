// Command-line flags of the bench scripts: a number flag, checked, or the usage and exit 2.

export function numberFlag(
  name: string,
  raw: string,
  min: number,
  integer: boolean,
  usage: string,
): number {
  const value = Number(raw);
  if (!(value >= min) || (integer && !Number.isInteger(value))) {
    console.error(
      `--${name} must be ${integer ? 'an integer' : 'a number'} of at least ${String(min)}, got '${raw}'\n\n${usage}`,
    );
    process.exit(2);
  }
  return value;
}
