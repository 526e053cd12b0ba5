// A partial Plotly bundle: only the trace types the charts use (full plotly.js minifies
// to more than 3 MB). The core's scatter draws the curves and the plane's frame (the plane's
// points and field are painted on a canvas: planeRender.ts), bar the EMD lesson's histograms.
import PlotlyCore from 'plotly.js/lib/core';
import bar from 'plotly.js/lib/bar';
import type * as PlotlyTypes from 'plotly.js';

PlotlyCore.register([bar]);

export type Data = PlotlyTypes.Data;
export type Layout = PlotlyTypes.Layout;
export type Config = PlotlyTypes.Config;

export interface PlotlyApi {
  react(el: HTMLElement, data: Data[], layout?: Partial<Layout>, config?: Partial<Config>): Promise<unknown>;
  purge(el: HTMLElement): void;
  toImage(el: HTMLElement, opts: { format: 'png' | 'svg'; width?: number; height?: number; scale?: number }): Promise<string>;
  Plots: { resize(el: HTMLElement): void };
  Icons: Record<string, unknown>;
}

export const Plotly = PlotlyCore as PlotlyApi;
