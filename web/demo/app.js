// web/demo/app.js — the app demo: installs a fake native bridge *before* the widget loads (as a
// WebView does with addJavascriptInterface / WKScriptMessageHandler), then mounts the widget.
const platform = new URLSearchParams(location.search).get('platform') === 'ios' ? 'ios' : 'android';
const log = document.getElementById('bridge');
window.__bridgeMessages = [];

// What the native side receives: a JSON string {type, detail}.
function receive(message) {
  window.__bridgeMessages.push(message);
  const item = document.createElement('div');
  item.className = 'msg';
  item.textContent = `${new Date().toLocaleTimeString()}  ${message}`;
  log.prepend(item);
}

if (platform === 'ios') {
  window.webkit = {messageHandlers: {complaint: {postMessage: receive}}};
} else {
  window.ComplaintBridge = {postMessage: receive};
}
document.getElementById('platform').textContent = platform === 'ios' ? ' · iOS WKWebView' : ' · Android WebView';

const {mount} = await import('../complaint-widget.js');
const handle = mount(document.getElementById('webview'), {
  apiBase: '/api/v1', lang: 'zh-CN', mode: 'home', themeColor: '#0a6cff',
});
window.__handle = handle;
document.getElementById('btn-prefill').addEventListener('click', () => handle.prefill({name: '王喆', phone: '13912345678'}));
document.getElementById('btn-track').addEventListener('click', () => handle.track('TS-261128-7K3M9QXD-S'));
document.getElementById('btn-survey').addEventListener('click', () => handle.openSurvey('TS-261128-7K3M9QXD-S', 'demo-token'));
