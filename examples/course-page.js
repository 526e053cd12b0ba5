// The page listens to the playgrounds' events: the latest exact evaluation under each.
for (const el of document.querySelectorAll('gan-playground')) {
  const line = el.parentElement.querySelector('.live');
  el.addEventListener('evaluation', (e) => {
    const d = e.detail;
    const modes = d.modes === null ? '' : ` · modes ${d.modes}/${d.modesTotal} · high quality ${(d.highQuality * 100).toFixed(0)}%`;
    line.textContent = `iteration ${d.iteration}: exact W1 ${d.w1.toFixed(3)}${modes}`;
  });
  el.addEventListener('error', (e) => (line.textContent = `error: ${e.detail.message}`));
}
