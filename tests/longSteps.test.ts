// A step that overruns its estimate (a busy machine, issue 27): Pause and Reset act within a
// second whatever the step costs, and the watchdog does not call a working worker dead. On a
// virtual clock: the page's controller and client with stand-in workers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrainingClient } from '../src/app/client';
import { Controller } from '../src/app/controller';
import { Store } from '../src/app/store';
import { defaultSettings } from '../src/engine/settings';
import type { TrainerState } from '../src/engine/trainerBase';
import type { Command, Event } from '../src/worker/protocol';

function virtualClock() {
  let t = 0;
  const timers: Array<{ every: number; next: number; fn: () => void; on: boolean }> = [];
  const add = (ms: number, fn: () => void, every: number) => {
    const timer = { every, next: t + ms, fn, on: true };
    timers.push(timer);
    return () => void (timer.on = false);
  };
  return {
    now: () => t,
    every: (ms: number, fn: () => void) => add(ms, fn, ms),
    after: (ms: number, fn: () => void) => add(ms, fn, 0),
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        const due = timers.filter((x) => x.on && x.next <= end).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        t = due.next;
        if (due.every) due.next += due.every;
        else due.on = false;
        due.fn();
      }
      t = end;
    },
  };
}

const state = { settings: defaultSettings(), generatorSteps: 7, criticSteps: 700 } as unknown as TrainerState;
const longStep = (expectedMs: number, criticStepsInIteration = 40): Event => ({ type: 'checkpoint', state, resume: { criticStepsInIteration, expectedMs } });

/** A started, playing controller on a virtual clock; its loop records commands; worker replacements are recorded, not made. */
function playing() {
  const clock = virtualClock();
  const controller = new Controller(new Store(), { clock });
  const sent: Command[] = [];
  const c = controller as unknown as { client: unknown; onEvent(e: Event): void; replaceWorker(...a: unknown[]): void };
  c.client = { mode: 'worker', start: () => undefined, send: (cmd: Command) => sent.push(cmd), dispose: () => undefined };
  const replaced: unknown[][] = [];
  vi.spyOn(c, 'replaceWorker').mockImplementation((...a: unknown[]) => void replaced.push(a));
  controller.start();
  controller.play();
  sent.length = 0;
  return { controller, clock, sent, replaced, event: (e: Event) => c.onEvent(e) };
}

describe('Pause and Reset during a long step', () => {
  it('Pause interrupts a step that has overrun its estimate, resuming from the copy before it', () => {
    const { controller, clock, sent, replaced, event } = playing();
    event(longStep(20_000));
    clock.advance(56_000); // estimated 20 s, still running
    controller.pause();
    expect(replaced).toEqual([[state, { criticStepsInIteration: 40 }]]);
    expect(sent).toEqual([]);
    expect(controller.store.getState().status.playing).toBe(false);
  });

  it('a step said to end within 0.7 s gets that long to answer the Pause, then is interrupted', () => {
    const { controller, clock, sent, replaced, event } = playing();
    event(longStep(20_000));
    clock.advance(19_500);
    controller.pause();
    expect(sent.map((c) => c.type)).toEqual(['pause']);
    expect(replaced).toEqual([]);
    clock.advance(699);
    expect(replaced).toEqual([]);
    clock.advance(1);
    expect(replaced).toEqual([[state, { criticStepsInIteration: 40 }]]);

    // answered in time (the loop's status after the step): nothing is interrupted
    const other = playing();
    other.event(longStep(20_000));
    other.clock.advance(19_500);
    other.controller.pause();
    other.clock.advance(300);
    other.event({ type: 'status', playing: false, iteration: 8, criticSteps: 800, itPerSec: 0 });
    other.clock.advance(5_000);
    expect(other.replaced).toEqual([]);
  });

  it('Reset starts the new run at once, however near its end the step is', () => {
    const { controller, clock, replaced, event } = playing();
    event(longStep(20_000));
    clock.advance(19_800);
    controller.reset();
    expect(replaced).toEqual([[undefined]]);
  });
});

describe('the training watchdog during long steps', () => {
  class StandInWorker {
    static last: StandInWorker | null = null;
    onmessage: ((ev: MessageEvent<Event>) => void) | null = null;
    onerror: ((ev: ErrorEvent) => void) | null = null;
    onmessageerror: (() => void) | null = null;
    constructor() {
      StandInWorker.last = this;
    }
    postMessage() {}
    terminate() {}
    say(e: Event) {
      this.onmessage?.({ data: e } as MessageEvent<Event>);
    }
  }
  afterEach(() => vi.unstubAllGlobals());

  function client() {
    vi.stubGlobal('Worker', StandInWorker);
    const clock = virtualClock();
    const dead: string[] = [];
    const c = new TrainingClient({ onEvent: () => undefined, onDead: (r) => dead.push(r), onFallback: () => undefined }, clock);
    c.start({ type: 'init', settings: defaultSettings() } as Extract<Command, { type: 'init' }>);
    const w = StandInWorker.last!;
    w.say({ type: 'ready' } as Event);
    c.send({ type: 'play' });
    w.say({ type: 'status', playing: true, iteration: 0, criticSteps: 0, itPerSec: 0 });
    return { clock, dead, w, c };
  }

  it('does not call a worker dead whose step runs three times its estimate', () => {
    const { clock, dead, w } = client();
    w.say(longStep(20_000));
    clock.advance(60_000);
    w.say({ type: 'status', playing: true, iteration: 0, criticSteps: 1, itPerSec: 0 });
    // the next step measured slower still: the allowance follows what was measured
    w.say(longStep(20_000));
    clock.advance(150_000);
    expect(dead).toEqual([]);
  });

  it('still finds a dead worker: silence past the allowance, or past 20 s outside long steps', () => {
    const a = client();
    a.w.say(longStep(20_000));
    a.clock.advance(201_000);
    expect(a.dead).toEqual(['the training worker stopped responding']);
    const b = client();
    b.clock.advance(21_000);
    expect(b.dead).toEqual(['the training worker stopped responding']);
  });

  /** Heartbeats from inside the step in flight (the fused trainer's), every `every` ms for `ms`. */
  const working = (k: ReturnType<typeof client>, ms: number, every = 250) => {
    for (let t = 0; t < ms; t += every) {
      k.clock.advance(every);
      k.w.say({ type: 'heartbeat', working: true });
    }
  };

  it('heartbeats from inside a step keep a worker alive however far the step overruns its estimate', () => {
    const a = client();
    a.w.say(longStep(2_000));
    working(a, 120_000); // sixty times its estimate
    expect(a.dead).toEqual([]);
    // and once it ends, the run goes on as before
    a.w.say({ type: 'status', playing: true, iteration: 0, criticSteps: 1, itPerSec: 0 });
    a.clock.advance(15_000);
    expect(a.dead).toEqual([]);
    // the same step without them: dead past ten times its estimate (20 s)
    const b = client();
    b.w.say(longStep(2_000));
    b.clock.advance(19_000);
    expect(b.dead).toEqual([]);
    b.clock.advance(3_000);
    expect(b.dead).toEqual(['the training worker stopped responding']);
  });

  it('a step that was heard from and goes silent is dead after 20 s, not after ten times its estimate', () => {
    const a = client();
    a.w.say(longStep(60_000)); // without heartbeats it would have 600 s
    working(a, 5_000);
    a.clock.advance(19_000);
    expect(a.dead).toEqual([]);
    a.clock.advance(2_000);
    expect(a.dead).toEqual(['the training worker stopped responding']);
    // a heartbeat at the end of the last step does not shorten the next one's allowance
    const b = client();
    b.w.say(longStep(60_000));
    working(b, 1_000);
    b.w.say({ type: 'status', playing: true, iteration: 0, criticSteps: 1, itPerSec: 0 });
    b.w.say(longStep(60_000));
    b.clock.advance(100_000);
    expect(b.dead).toEqual([]);
    // while paused (the controller lets a step said to end soon finish), heartbeats keep it alive too
    const c = client();
    c.w.say(longStep(60_000));
    working(c, 5_000);
    c.c.send({ type: 'pause' });
    working(c, 30_000);
    expect(c.dead).toEqual([]);
    c.clock.advance(22_000);
    expect(c.dead).toEqual(['the training worker stopped responding while paused']);
  });
});
