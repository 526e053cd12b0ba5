// A partial Plotly bundle: only the trace types the charts use (full plotly.js minifies
// to more than 3 MB). scattergl draws the point clouds (about 3x cheaper per update than
// SVG scatter), heatmap and contour the critic's field, scatter the curves, bar the
// weight histograms.
import PlotlyCore from 'plotly.js/lib/core';
import scattergl from 'plotly.js/lib/scattergl';
import heatmap from 'plotly.js/lib/heatmap';
import contour from 'plotly.js/lib/contour';
import bar from 'plotly.js/lib/bar';
import type * as PlotlyTypes from 'plotly.js';

PlotlyCore.register([scattergl, heatmap, contour, bar]);

export type Data = PlotlyTypes.Data;
export type Layout = PlotlyTypes.Layout;
export type Config = PlotlyTypes.Config;

export interface PlotlyApi {
  react(el: HTMLElement, data: Data[], layout?: Partial<Layout>, config?: Partial<Config>): Promise<unknown>;
  purge(el: HTMLElement): void;
  toImage(el: HTMLElement, opts: { format: 'png' | 'svg'; width?: number; height?: number; scale?: number }): Promise<string>;
  Plots: { resize(el: HTMLElement): void };
}

export const Plotly = PlotlyCore as PlotlyApi;
