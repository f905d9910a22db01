import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../shared/contract/channels';
import type { Envelope, EventName, JunctionBridge } from '../shared/contract';

// The whole preload: call / on / off over two channels. The renderer never sees ipcRenderer.

type Listener = (payload: never) => void;
const listeners = new Map<EventName, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, name: EventName, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload as never);
});

const bridge: JunctionBridge = {
  call: (method, input) => ipcRenderer.invoke(CALL_CHANNEL, method, input) as Promise<Envelope<unknown>>,
  on: (event, listener) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(event, set);
  },
  off: (event, listener) => {
    listeners.get(event)?.delete(listener as Listener);
  },
};

contextBridge.exposeInMainWorld('junction', bridge);
