/** A benchmark suite: one file in bench/ whose default export is this. */
export interface BenchScenario {
  name: string;
  candles: number;
  candlesPerSecond: number;
  [extra: string]: unknown;
}

export interface SuiteResult {
  baseline?: { name: string; candlesPerSecond: number };
  scenarios: BenchScenario[];
}

export interface BenchSuite {
  name: string;
  run(log: (line: string) => void): Promise<SuiteResult> | SuiteResult;
}
