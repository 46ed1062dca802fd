// dsstudio's ipywidgets page: the Jupyter widget manager of @jupyter-widgets/html-manager
// (base + controls + output widgets), its models fed by the kernel's comm messages that dsstudio
// hands in (`receive`), its own messages handed out as console lines with a "dsstudio:comm:"
// prefix (dsstudio sends them to the kernel as comm_msg, target jupyter.widget, protocol 2).
// Built into dsstudio/ui/web/assets/widgets.js by build_assets.py (esbuild).
import { HTMLManager } from '@jupyter-widgets/html-manager';
import '@jupyter-widgets/controls/css/widgets.css';
import '@lumino/widgets/style/index.css';

const PROTOCOL = '2.1.0';
const comms = {};
let live = true;
let sent = 0;

function toBase64(view) {
  const bytes = new Uint8Array(view.buffer || view, view.byteOffset || 0, view.byteLength);
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function fromBase64(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return new DataView(bytes.buffer);
}

class BridgeComm {
  constructor(commId, targetName) {
    this.comm_id = commId;
    this.target_name = targetName;
    this._onMsg = null;
    this._onClose = null;
  }
  open() { return this._post('comm_open', {}); }
  send(data, callbacks, metadata, buffers) { return this._post('comm_msg', data, buffers); }
  close(data) { return this._post('comm_close', data || {}); }
  on_msg(callback) { this._onMsg = callback; }
  on_close(callback) { this._onClose = callback; }
  handle_msg(msg) { if (this._onMsg) this._onMsg(msg); }
  handle_close(msg) { if (this._onClose) this._onClose(msg); }
  _post(type, data, buffers) {
    const msgId = `dsstudio-${Date.now()}-${sent++}`;
    if (!live) return msgId;
    console.log('dsstudio:comm:' + JSON.stringify({
      type, msg_id: msgId, comm_id: this.comm_id, data,
      buffers: (buffers || []).map(toBase64),
    }));
    return msgId;
  }
}

class BridgeManager extends HTMLManager {
  async _create_comm(targetName, modelId) {
    const comm = new BridgeComm(modelId, targetName);
    comms[modelId] = comm;
    return comm;
  }
  _get_comm_info() { return Promise.resolve({}); }
}

const manager = new BridgeManager();

function openModel(modelId, model) {
  const comm = new BridgeComm(modelId, 'jupyter.widget');
  comms[modelId] = comm;
  return manager.handle_comm_open(comm, {
    content: { comm_id: modelId, data: { state: model.state, buffer_paths: model.buffer_paths || [] } },
    buffers: (model.buffers || []).map(fromBase64),
    metadata: { version: PROTOCOL },
  });
}

// Shows the view of `viewId` in `element`, from `models` (id -> {state, buffer_paths, buffers});
// `isLive`: false shows the saved state of a notebook whose kernel is gone.
async function start(element, viewId, models, isLive) {
  live = isLive;
  await Promise.all(Object.entries(models).map(([id, model]) => openModel(id, model)));
  const model = await manager.get_model(viewId);
  const view = await manager.create_view(model);
  await manager.display_view(view, element);
}

// A comm message from the kernel: {type, comm_id, data, buffers (base64)}.
function receive(msg) {
  if (msg.type === 'comm_open') {
    if (!comms[msg.comm_id]) openModel(msg.comm_id, { state: msg.data.state, buffer_paths: msg.data.buffer_paths, buffers: msg.buffers });
    return;
  }
  const comm = comms[msg.comm_id];
  if (!comm) return;
  const wrapped = { content: { comm_id: msg.comm_id, data: msg.data }, buffers: (msg.buffers || []).map(fromBase64) };
  if (msg.type === 'comm_close') comm.handle_close(wrapped);
  else comm.handle_msg(wrapped);
}

function kernelGone(note) {
  live = false;
  const bar = document.createElement('div');
  bar.className = 'dsstudio-kernel-gone';
  bar.textContent = note;
  document.body.appendChild(bar);
}

window.dsstudioWidgets = { start, receive, kernelGone, manager };
