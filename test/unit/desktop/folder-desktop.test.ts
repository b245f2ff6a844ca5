import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFolderDesktop } from '../../../src-main/desktop/folder-desktop'

const dataDir = mkdtempSync(join(tmpdir(), 'paydesk-desktop-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
const desktop = createFolderDesktop({ dataDir, simulatorOrigin: () => null })
const csv = [{ name: 'CSV', extensions: ['csv'] }]

describe('the desktop without windows (browser host)', () => {
  it('saves into the data folder’s exports', async () => {
    expect(await desktop.saveFile({ suggestedName: 'a.csv', filters: csv })).toBe(join(dataDir, 'exports', 'a.csv'))
  })

  it('asks for a path, then opens a readable file by it (the file never crosses a call)', async () => {
    expect(await desktop.openFile({ filters: csv })).toMatchObject({ kind: 'needs_path', folder: join(dataDir, 'imports') })
    const file = join(dataDir, 'orders.csv')
    writeFileSync(file, 'ref,amount\nA,1\n')
    expect(await desktop.openFile({ filters: csv, typedPath: file })).toEqual({ kind: 'file', path: file, bytes: 15 })
  })

  it('says what is wrong with a typed path', async () => {
    await expect(desktop.openFile({ filters: csv, typedPath: 'orders.csv' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('not a full path') })
    await expect(desktop.openFile({ filters: csv, typedPath: join(dataDir, 'missing.csv') })).rejects.toMatchObject({ code: 'not_found' })
    await expect(desktop.openFile({ filters: csv, typedPath: join(dataDir, 'notes.txt') })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('.csv') })
    await expect(desktop.openFile({ filters: [], typedPath: dataDir })).rejects.toMatchObject({ message: expect.stringContaining('is a folder') })
  })

  it('leaves an allowed link and printing to the browser, and refuses a disallowed link', async () => {
    expect(await desktop.openExternal('https://www.checkout.com/')).toEqual({ opened: false, url: 'https://www.checkout.com/' })
    await expect(desktop.openExternal('file:///etc/passwd')).rejects.toMatchObject({ code: 'invalid_input' })
    expect(await desktop.printToPdf({ route: '/payments', suggestedName: 'x.pdf' })).toEqual({ kind: 'use_browser_print' })
  })
})
