// web/demo/site.js — the website demo's page script: listens to the widget's events (they bubble
// out of the shadow root) and calls its methods. External file: the page's CSP forbids inline code.
const widget = document.getElementById('complaint');
const log = document.getElementById('events');

function show(line) {
  log.textContent = `${new Date().toLocaleTimeString()}  ${line}\n` + log.textContent;
}

for (const type of ['ready', 'submitted', 'queued', 'status', 'survey-submitted', 'error']) {
  document.addEventListener('complaint:' + type, (e) => show(`${e.type} ${JSON.stringify(e.detail)}`));
}
document.getElementById('btn-file').addEventListener('click', () => widget.file());
document.getElementById('btn-track').addEventListener('click', () => widget.track('TS-261128-7K3M9QXD-S'));
document.getElementById('btn-stats').addEventListener('click', () => show('stats ' + JSON.stringify(widget.stats())));
