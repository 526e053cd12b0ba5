// The charts' frame scheduler: priority first, at most a budget of each frame, one draw per request.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FRAME_BUDGET_MS, cancelDraw, requestDraw, type DrawJob } from '../src/app/charts/drawQueue';

let clock = 0;
let frames: Array<() => void> = [];
const runFrame = () => {
  const pending = frames;
  frames = [];
  for (const f of pending) f();
};

beforeEach(() => {
  clock = 0;
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (f: () => void) => {
    frames.push(f);
    return frames.length;
  });
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** A job that takes `ms` of the frame and logs its name. */
const job = (name: string, priority: number, ms: number, log: string[]): DrawJob => ({
  priority,
  run: () => {
    log.push(name);
    clock += ms;
  },
});

describe('drawQueue', () => {
  it('draws the lowest priority number first, then the longest waiting, within the frame budget', () => {
    const log: string[] = [];
    const slow = FRAME_BUDGET_MS * 0.6;
    const a = job('losses', 1, slow, log);
    requestDraw(a);
    clock += 1;
    const b = job('distance', 1, slow, log);
    requestDraw(b);
    const plane = job('plane', 0, slow, log);
    requestDraw(plane);
    runFrame();
    // the plane, then the older of the two others; the budget is spent
    expect(log).toEqual(['plane', 'losses']);
    runFrame();
    expect(log).toEqual(['plane', 'losses', 'distance']);
    expect(frames).toHaveLength(0);
  });

  it('runs a job once however often it is requested, and not at all once cancelled', () => {
    const log: string[] = [];
    const a = job('a', 1, 1, log);
    const b = job('b', 1, 1, log);
    requestDraw(a);
    requestDraw(a);
    requestDraw(b);
    cancelDraw(b);
    runFrame();
    runFrame();
    expect(log).toEqual(['a']);
  });

  it('draws at least one chart per frame even when it alone exceeds the budget', () => {
    const log: string[] = [];
    requestDraw(job('big', 0, FRAME_BUDGET_MS * 5, log));
    requestDraw(job('next', 1, 1, log));
    runFrame();
    expect(log).toEqual(['big']);
    runFrame();
    expect(log).toEqual(['big', 'next']);
  });
});
