/** Writes each test's steps, nested, with their category, as JSON to LEAKSCOPE_STEPS_FILE. */
import { writeFileSync } from 'node:fs';
import type { Reporter, TestCase, TestResult, TestStep } from '@playwright/test/reporter';

export interface StepNode {
  title: string;
  category: string;
  steps: StepNode[];
}

const node = (step: TestStep): StepNode => ({ title: step.title, category: step.category, steps: step.steps.map(node) });

export default class StepsReporter implements Reporter {
  readonly #tests: Record<string, StepNode[]> = {};

  onTestEnd(test: TestCase, result: TestResult): void {
    this.#tests[test.title] = result.steps.map(node);
  }

  onEnd(): void {
    writeFileSync(process.env.LEAKSCOPE_STEPS_FILE!, JSON.stringify(this.#tests));
  }

  printsToStdio(): boolean {
    return false;
  }
}
