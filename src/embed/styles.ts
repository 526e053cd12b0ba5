// The element's stylesheet: the app's CSS, scoped to the shadow root's wrapper, then the
// element's own, then Plotly's. One constructed sheet shared by every element of the page.
import appCss from '../app/styles.css?inline';
import screensCss from '../app/screens.css?inline';
import embedCss from './embed.css?inline';
import { plotlyCss } from './plotlyCss';

/** The wrapper inside each shadow root: the app's `:root` rules apply to it. */
export const ROOT_CLASS = 'gp-root';

/**
 * The app's CSS for a shadow root: `:root` becomes the wrapper, and rem (the page's root
 * font size, which the host page owns) becomes the app's own root size, --font-size, which
 * is what rem is on the app's page.
 */
export function scopeAppCss(css: string): string {
  return css.replace(/:root\b/g, `.${ROOT_CLASS}`).replace(/(\d*\.?\d+)rem\b/g, 'calc($1 * var(--font-size))');
}

/**
 * First: nothing inherits into the wrapper from the host page (colour, font, line height,
 * letter spacing...); `all` leaves custom properties alone, which the app's rules set next.
 */
const RESET = `.${ROOT_CLASS} { all: initial; }`;

export function elementCss(): string {
  return [RESET, scopeAppCss(appCss), scopeAppCss(screensCss), embedCss, plotlyCss()].join('\n');
}

let shared: CSSStyleSheet | null = null;

/** Puts the element's CSS into a shadow root (a shared constructed sheet where the browser has them). */
export function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!shared) {
      shared = new CSSStyleSheet();
      shared.replaceSync(elementCss());
    }
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, shared];
    return;
  }
  const style = document.createElement('style');
  style.textContent = elementCss();
  root.prepend(style);
}
