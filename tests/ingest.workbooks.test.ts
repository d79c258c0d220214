/**
 * Workbooks as offices and systems really write them (issue 25): read exactly as Excel shows them
 * — the sample's own figures — or refused naming the file, the cell and what to do.
 */
import { describe, expect, it } from 'vitest';
import { figuresOf, folderWith, patchXlsx, SAMPLE_SHEET, SAMPLE_WORKBOOK, sampleWorkbook, withDate1904 } from './support/workbooks.js';

const baseline = figuresOf(folderWith({ [SAMPLE_WORKBOOK]: sampleWorkbook() }));

describe('the sample workbook saved other ways', () => {
  it('reads the 1904 date system to the same figures as the 1900 one', async () => {
    const base = await baseline;
    expect(base.total.projects).toBe(40);
    const figures = await figuresOf(folderWith({ [SAMPLE_WORKBOOK]: withDate1904(sampleWorkbook()) }));
    expect(figures).toEqual(base);
  });

  it('reads every row past a stale <dimension>', async () => {
    const stale = patchXlsx(sampleWorkbook(), { [SAMPLE_SHEET]: (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:AP20"/>') });
    expect(await figuresOf(folderWith({ [SAMPLE_WORKBOOK]: stale }))).toEqual(await baseline);
  });
});
