import { contextBridge, ipcRenderer } from 'electron'

// The whole surface the page gets: one function that sends a named call to the main process
// (validated there against src-main/contract), and one that listens to the main process's
// events. No Node, no ipcRenderer.
contextBridge.exposeInMainWorld('paydesk', {
  invoke: (name: string, input: unknown) => ipcRenderer.invoke('paydesk:invoke', name, input),
  onEvent(listener: (event: unknown) => void) {
    const forward = (_: unknown, event: unknown) => listener(event)
    ipcRenderer.on('paydesk:event', forward)
    return () => {
      ipcRenderer.off('paydesk:event', forward)
    }
  },
})
