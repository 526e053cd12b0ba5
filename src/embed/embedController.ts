// The app's controller with one seam for the element: every way of starting a run (the play
// button, Space, autoplay, the element's play()) asks the element first, which starts the
// worker if needed, pauses the page's other playgrounds and holds a start while off screen.
import { Controller, type ControllerOptions } from '../app/controller';
import type { Store } from '../app/store';

export class EmbedController extends Controller {
  constructor(
    store: Store,
    private readonly beforePlay: () => boolean,
    options?: ControllerOptions,
  ) {
    super(store, options);
  }

  override play(): void {
    if (this.beforePlay()) super.play();
  }
}
