import { writeResult } from './results.js';

/**
 * A bench's command line: parses the options (a bad one prints the usage and exits 2), prints the
 * banner, runs with progress lines on stdout, prints the table and writes the result file.
 */
export async function benchMain<O, R>(bench: {
  name: string;
  parse: (argv: string[]) => O;
  banner: (options: O) => string;
  run: (options: O & { log: (line: string) => void }) => Promise<R>;
  table: (result: R) => string;
}): Promise<void> {
  let options: O;
  try {
    options = bench.parse(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const startedAt = new Date();
  console.log(bench.banner(options));
  const result = await bench.run({ ...options, log: (line: string) => console.log(line) });
  console.log(`\n${bench.table(result)}`);
  console.log(`\nresults: ${writeResult(bench.name, startedAt, result)}`);
}
