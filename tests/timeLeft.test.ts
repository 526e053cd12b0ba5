// The time-left estimate of long work (Try 5 seeds' progress line).
import { describe, expect, it } from 'vitest';
import { secondsLeft, timeLeftText } from '../src/app/timeLeft';

describe('time left', () => {
  it('is the average rate so far applied to what is left', () => {
    expect(secondsLeft(1000, 5000, 10)).toBe(40);
    expect(secondsLeft(25_000, 50_000, 90)).toBe(90);
  });

  it('says nothing before 3% and 3 s, when done, or without work', () => {
    expect(secondsLeft(100, 5000, 10)).toBeNull(); // 2%
    expect(secondsLeft(1000, 5000, 2)).toBeNull(); // 2 s
    expect(secondsLeft(5000, 5000, 60)).toBeNull();
    expect(secondsLeft(0, 5000, 60)).toBeNull();
    expect(secondsLeft(10, 0, 60)).toBeNull();
  });

  it('reads as a rounded estimate', () => {
    expect(timeLeftText(2)).toBe('about 5 s left');
    expect(timeLeftText(41)).toBe('about 40 s left');
    expect(timeLeftText(59)).toBe('about 60 s left');
    expect(timeLeftText(150)).toBe('about 3 min left');
    expect(timeLeftText(5400)).toBe('about 1.5 h left');
  });
});
