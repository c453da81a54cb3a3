import { describe, expect, it } from 'vitest';
import { mergeBudgets, parseAllowance, parseBudget, parseBudgetFlags } from './budget.ts';

describe('parseBudget', () => {
  it('reads YAML with units and "per iteration"', () => {
    expect(parseBudget('detached-dom: 0\nlistener: 2\nheap: 512kb per iteration\n', 'b.yml')).toEqual({
      'detached-dom': 0,
      listener: 2,
      heap: 524288,
    });
  });

  it('reads JSON', () => {
    expect(parseBudget('{"timer": 1, "heap": "1.5 MB"}', 'b.json')).toEqual({ timer: 1, heap: 1572864 });
  });

  it('names the key at fault', () => {
    expect(() => parseBudget('listeners: 2', 'b.yml')).toThrow('b.yml: $.listeners: unknown kind; budgets are keyed by listener, detached-dom,');
    expect(() => parseBudget('listener: -1', 'b.yml')).toThrow('b.yml: $.listener: expected a number >= 0, got -1');
    expect(() => parseBudget('listener: 2kb', 'b.yml')).toThrow('b.yml: $.listener: units are only for heap');
    expect(() => parseBudget('heap: 5 parsecs', 'b.yml')).toThrow(/unknown unit "parsecs"/);
    expect(() => parseBudget('"detached-dom": [1]', 'b.yml')).toThrow('b.yml: $["detached-dom"]: expected a number, got an array of 1 item');
  });

  it('refuses files that are not a mapping, empty, or not YAML', () => {
    expect(() => parseBudget('- 1\n- 2', 'b.yml')).toThrow(/expected a mapping of kind to allowance/);
    expect(() => parseBudget('   \n', 'b.yml')).toThrow('b.yml: the file is empty');
    expect(() => parseBudget('a: [1, 2\nb: :', 'b.yml')).toThrow(/^b\.yml: not valid JSON or YAML: /);
    expect(() => parseBudget('listener: 1\nlistener: 2', 'b.yml')).toThrow(/not valid JSON or YAML/);
  });

  it('lets __proto__, constructor and prototype keys do nothing', () => {
    const b = parseBudget('__proto__:\n  polluted: 1\nconstructor:\n  prototype:\n    polluted: 1\nprototype: 3\nlistener: 1\n', 'b.yml');
    expect(b).toEqual({ listener: 1 });
    expect(Object.getPrototypeOf(b)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseAllowance', () => {
  it('reads numbers and strings', () => {
    expect(parseAllowance('listener', 0.5)).toBe(0.5);
    expect(parseAllowance('listener', '2 per iteration')).toBe(2);
    expect(parseAllowance('heap', '1gb/iteration')).toBe(1024 ** 3);
    expect(parseAllowance('heap', 100)).toBe(100);
    expect(parseAllowance('heap', '2 MiB')).toBe(2 * 1024 * 1024);
  });

  it('refuses what is not a finite amount', () => {
    expect(parseAllowance('timer', true)).toMatch(/expected a number/);
    expect(parseAllowance('timer', 'lots')).toMatch(/expected a number such as 2/);
    expect(parseAllowance('heap', 1e300)).toMatch(/too large/);
  });
});

describe('parseBudgetFlags and mergeBudgets', () => {
  it('reads KIND=VALUE flags', () => {
    expect(parseBudgetFlags(['listener=2', 'heap=1mb'])).toEqual({ listener: 2, heap: 1048576 });
    expect(() => parseBudgetFlags(['listener'])).toThrow(/--allow listener: expected KIND=VALUE/);
    expect(() => parseBudgetFlags(['sockets=1'])).toThrow(/--allow sockets=1: expected KIND=VALUE/);
  });

  it('lets later budgets override earlier ones, kind by kind', () => {
    expect(mergeBudgets({ listener: 2, heap: 0 }, { heap: 1024 }, {})).toEqual({ listener: 2, heap: 1024 });
  });
});
