import { describe, expect, it } from 'vitest';

import { KeyedLock } from './keyed-lock';

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

describe('KeyedLock', () => {
  it('runs tasks for one key in order', async () => {
    const lock = new KeyedLock();
    const steps: string[] = [];
    const task = (name: string, milliseconds: number) => async () => {
      steps.push(`${name} start`);
      await delay(milliseconds);
      steps.push(`${name} end`);
    };

    await Promise.all([
      lock.run('a', task('first', 20)),
      lock.run('a', task('second', 1)),
      lock.run('a', task('third', 1)),
    ]);

    expect(steps).toEqual([
      'first start',
      'first end',
      'second start',
      'second end',
      'third start',
      'third end',
    ]);
  });

  it('runs tasks for other keys at once', async () => {
    const lock = new KeyedLock();
    const steps: string[] = [];

    await Promise.all([
      lock.run('a', async () => {
        steps.push('a start');
        await delay(20);
        steps.push('a end');
      }),
      lock.run('b', async () => {
        steps.push('b start');
        steps.push('b end');
      }),
    ]);

    expect(steps).toEqual(['a start', 'b start', 'b end', 'a end']);
  });

  it('goes on after a task fails', async () => {
    const lock = new KeyedLock();
    const failed = lock.run('a', async () => {
      throw new Error('disk full');
    });
    const next = lock.run('a', async () => 'ran');

    await expect(failed).rejects.toThrow('disk full');
    await expect(next).resolves.toBe('ran');
  });

  it('forgets a key once its tasks are done', async () => {
    const lock = new KeyedLock();

    await Promise.all([
      lock.run('a', async () => undefined),
      lock.run('a', async () => undefined),
    ]);

    expect(lock.size).toBe(0);
  });
});
