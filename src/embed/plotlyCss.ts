// Plotly's CSS for the shadow roots. Plotly puts its rules into a <style> in document.head
// when it loads (plotly.js build/plotcss.js); a shadow root does not see them, and without
// them the charts' layers and modebar are misplaced (plotly/plotly.js#1433).
import '../app/charts/plotly';
import { globalsBefore, hostHadPlotlyStyle, PLOTLY_STYLE_ID } from './plotlyGuard';

// read as soon as Plotly has loaded, before anything else on the page can add to that sheet
const text: string = (() => {
  if (typeof document === 'undefined') return '';
  const style = document.getElementById(PLOTLY_STYLE_ID) as HTMLStyleElement | null;
  const rules = style?.sheet ? Array.from(style.sheet.cssRules, (r) => r.cssText) : [];
  // ours alone: take it out of the host page (a host with its own Plotly keeps its sheet)
  if (style && !hostHadPlotlyStyle) style.remove();
  return rules.join('\n');
})();

export function plotlyCss(): string {
  return text;
}

// The bundle runs in one go, so what appeared since plotlyGuard.ts is Plotly's (PolyBool,
// which Plotly itself reads from its module, not from window): the element's name is the
// only thing the script leaves in the host's global scope.
if (typeof globalThis !== 'undefined') {
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (!globalsBefore.has(name) && Object.getOwnPropertyDescriptor(globalThis, name)?.configurable) delete (globalThis as Record<string, unknown>)[name];
  }
}
