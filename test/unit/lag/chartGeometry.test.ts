import { describe, expect, it } from 'vitest';
import { bandRect, linePath, markX, type PixelScale } from '../../../renderer/features/lag/chartGeometry';

// A plot 400 px wide from x = 50, 200 px tall from y = 10: t in [0, 1000], v in [0, 100].
const plot = { x: 50, y: 10, width: 400, height: 200 };
const x: PixelScale = (t) => 50 + (t / 1000) * 400;
const y: PixelScale = (v) => 210 - (v / 100) * 200;

describe('a line drawn from the chart scales', () => {
  it('runs straight through each reading, in order', () => {
    expect(
      linePath(
        [
          { t: 0, v: 0 },
          { t: 500, v: 50 },
          { t: 1000, v: 100 },
        ],
        x,
        y,
      ),
    ).toBe('M50,210L250,110L450,10');
  });

  it('lifts the pen over a gap, and over what the scales cannot place', () => {
    const rows = [
      { t: 0, v: 10 },
      { t: 100, v: 20 },
      { t: 150, v: null },
      { t: 200, v: 30 },
      { t: 300, v: Number.NaN },
      { t: 400, v: 40 },
    ];
    const d = linePath(rows, x, y);
    expect(d.match(/M/g)).toHaveLength(3);
    expect(d).toBe('M50,190L90,170M130,150M210,130');
    expect(linePath(rows, () => undefined, y)).toBe('');
  });

  it('keeps a tenth of a pixel and no more', () => {
    expect(linePath([{ t: 1, v: 33.333 }], x, y)).toBe('M50.4,143.3');
  });
});

describe('threshold bands', () => {
  it('spans the plot between two values', () => {
    expect(bandRect(50, 80, y, plot)).toEqual({ x: 50, y: 50, width: 400, height: 60 });
  });

  it('is cut at the top of the plot, and gone when it lies off it', () => {
    expect(bandRect(90, 150, y, plot)).toEqual({ x: 50, y: 10, width: 400, height: 20 });
    expect(bandRect(120, 150, y, plot)).toBeNull();
  });
});

describe('annotation marks', () => {
  it('stand where their time falls on the plot, edges included', () => {
    expect(markX(250, x, plot)).toBe(150);
    expect(markX(0, x, plot)).toBe(50);
    expect(markX(1000, x, plot)).toBe(450);
  });

  it('are left out before and after the plot', () => {
    expect(markX(-10, x, plot)).toBeNull();
    expect(markX(1010, x, plot)).toBeNull();
  });
});
