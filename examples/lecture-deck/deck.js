// The deck: reveal.js from npm, the element's script from the build. Entering a slide plays
// its playground and pauses the others (a slide that is not shown may still be "in view" for
// the browser, so the deck says it); each playground's events write the readout beside it.
import Reveal from '../../node_modules/reveal.js/dist/reveal.mjs';
import '../../dist/embed/gan-playground.js';

const playgrounds = [...document.querySelectorAll('gan-playground')];

function showSlide(slide) {
  for (const gp of playgrounds) if (!slide.contains(gp)) gp.pause();
  slide.querySelector('gan-playground')?.play();
}

for (const gp of playgrounds) {
  const live = gp.closest('section').querySelector('.live');
  let iteration = 0;
  let evaluation = '';
  const show = () => (live.textContent = `iteration ${iteration.toLocaleString('en-US')}${evaluation}`);
  gp.addEventListener('iteration', (e) => {
    iteration = e.detail.iteration;
    show();
  });
  gp.addEventListener('evaluation', (e) => {
    const d = e.detail;
    evaluation = `\nexact W1 ${d.w1.toFixed(3)}` + (d.modes === null ? '' : `\nmodes ${d.modes} of ${d.modesTotal}`);
    show();
  });
  gp.addEventListener('error', (e) => (live.textContent = `error: ${e.detail.message}`));
}

const deck = new Reveal({ hash: true, width: 1280, height: 720, margin: 0.04, transition: 'slide' });
deck.on('ready', (e) => showSlide(e.currentSlide));
deck.on('slidechanged', (e) => showSlide(e.currentSlide));
deck.initialize();
