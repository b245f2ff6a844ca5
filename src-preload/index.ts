import { contextBridge, ipcRenderer } from 'electron'

// The whole surface the page gets: one function that sends a named call to the main
// process, which validates it against src-main/contract.ts. No Node, no ipcRenderer.
contextBridge.exposeInMainWorld('paydesk', {
  invoke: (name: string, input: unknown) => ipcRenderer.invoke('paydesk:invoke', name, input),
})
