import { describe, expect, it } from 'vitest';
import { cellFill, heatmapCells, monthlyHeatmapSvg } from './heatmap.js';

const MONTHS = [
  { month: '2023-11', ret: 0.01 },
  { month: '2023-12', ret: -0.02 },
  { month: '2024-01', ret: 0.005 },
];

describe('monthly heatmap cells', () => {
  it('has twelve cells for each year from the first to the last, the months with returns written in', () => {
    const cells = heatmapCells(MONTHS);
    expect(cells).toHaveLength(24);
    expect(cells[0]).toMatchObject({ key: '2023-01', row: 0, col: 0, ret: null, text: '–' });
    expect(cells.find((c) => c.key === '2023-11')).toMatchObject({ row: 0, col: 10, ret: 0.01, text: '+1.00 %' });
    expect(cells.find((c) => c.key === '2023-12')).toMatchObject({ row: 0, col: 11, ret: -0.02, text: '-2.00 %' });
    expect(cells.find((c) => c.key === '2024-01')).toMatchObject({ row: 1, col: 0, ret: 0.005, text: '+0.50 %' });
    expect(cells.filter((c) => c.ret === null)).toHaveLength(21);
  });

  it('spans the years between with empty rows', () => {
    const cells = heatmapCells([
      { month: '2020-06', ret: 0.1 },
      { month: '2022-02', ret: -0.1 },
    ]);
    expect(cells).toHaveLength(36);
    expect([...new Set(cells.map((c) => c.year))]).toEqual([2020, 2021, 2022]);
  });

  it('has no cells without returns', () => {
    expect(heatmapCells([])).toEqual([]);
  });

  it('colours gains and losses differently, stronger for bigger moves, grey without data', () => {
    expect(cellFill(0.01, 0.02)).not.toBe(cellFill(-0.01, 0.02));
    expect(cellFill(0.02, 0.02)).not.toBe(cellFill(0.001, 0.02));
    expect(cellFill(null, 0.02)).toBe('#f2f2f2');
  });

  it('writes one group per cell, with the value as text and an accessible label', () => {
    const svg = monthlyHeatmapSvg(MONTHS);
    expect(svg.match(/class="heat-cell"/g)).toHaveLength(24);
    expect(svg.match(/data-return=/g)).toHaveLength(3);
    expect(svg).toContain('>-2.00 %</text>');
    expect(svg).toMatch(/role="img" aria-label="Monthly returns heatmap: 2 years by 12 months, 3 months with a return"/);
    expect(svg).toContain('<title>Monthly returns</title>');
  });
});
