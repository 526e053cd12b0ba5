// Evaluated before Plotly (index.ts imports it first): what the host page had before Plotly
// loaded. Plotly adds a <style> to document.head and one of its dependencies (polybooljs) a
// global, window.PolyBool; plotlyCss.ts takes back what was not the host's.
export const PLOTLY_STYLE_ID = 'plotly.js-style-global';
export const hostHadPlotlyStyle = typeof document !== 'undefined' && document.getElementById(PLOTLY_STYLE_ID) !== null;
export const globalsBefore: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(globalThis));
